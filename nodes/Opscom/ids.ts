import { z } from 'zod';

import { asText } from '../shared/validation';

/**
 * The ID of an OPSCOM record (user type, plate type, make…): digits, given as a number or as
 * text, sent as text. `fix` says how to give one, e.g. "choose it from the list or give its ID".
 */
export const recordIdSchema = (what: string, fix: string) =>
	z.preprocess(
		asText,
		z
			.string({ invalid_type_error: `must be a ${what} ID` })
			.trim()
			.regex(/^\d+$/, `must be a ${what} ID (digits only)${fix}`),
	);
