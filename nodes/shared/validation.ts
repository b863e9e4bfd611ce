import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

/** Numbers from expressions (a student number read as 12345) are accepted as text. */
export const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/** A string with an optional length limit; the message says how long it is and what to do. */
export function text(max?: number) {
	const base = z.string({ invalid_type_error: 'must be text' }).trim();
	const limited =
		max === undefined
			? base
			: base.refine(
					(value) => value.length <= max,
					(value) => ({
						message: `is ${value.length} characters long, the limit is ${max}: shorten it`,
					}),
				);
	return z.preprocess(asText, limited);
}

export function email(max?: number) {
	return text(max).pipe(
		z.string().email('is not a valid email address (expected something like name@school.edu)'),
	);
}

/** A calendar date sent as YYYY-MM-DD; accepts an n8n date-time value and keeps its date part. */
export function isoDate() {
	return z.preprocess(
		(value) =>
			typeof value === 'string' ? value.trim().replace(/^(\d{4}-\d{2}-\d{2})[T ].*$/, '$1') : value,
		z
			.string({ invalid_type_error: 'must be a date' })
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD, e.g. 2007-09-14')
			.refine(
				(value) =>
					!Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
					new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
				{
					message: 'is not a real calendar date',
				},
			),
	);
}

/** A two-letter postal abbreviation (MA, BC), sent in upper case. */
export function regionCode() {
	return text().pipe(
		z
			.string()
			.regex(/^[A-Za-z]{2}$/, 'must be a two-letter postal abbreviation, e.g. MA or BC')
			.transform((value) => value.toUpperCase()),
	);
}

/**
 * A record ID of digits, given as a number or as text and sent as text (leading zeros kept).
 * `fix` ends the message with how to give one, e.g. ": choose it from the list or give its ID".
 */
export const digitsId = (what: string, fix: string) =>
	z.preprocess(
		asText,
		z
			.string({ invalid_type_error: `must be a ${what} ID` })
			.trim()
			.regex(/^\d+$/, `must be a ${what} ID (digits only)${fix}`),
	);

const NOT_AN_ID = 'must be a whole-number ID, e.g. 7';

/**
 * A positive whole-number id, given as a number or as digits. IDs past
 * Number.MAX_SAFE_INTEGER are refused: as a number they would silently become another ID
 * ("9007199254740993" is 9007199254740992, 25 digits become 1e+25).
 */
export function integerId() {
	return z.unknown().transform((value, context) => {
		const digits =
			typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? value.trim() : undefined;
		const id = digits === undefined ? value : Number(digits);
		if (typeof id !== 'number' || !Number.isInteger(id)) {
			context.addIssue({ code: z.ZodIssueCode.custom, message: NOT_AN_ID });
			return z.NEVER;
		}
		if (id <= 0) {
			context.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a positive ID' });
			return z.NEVER;
		}
		if (!Number.isSafeInteger(id)) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				message: `is ${digits ?? String(id)}, larger than the largest ID that can be sent exactly (${Number.MAX_SAFE_INTEGER}): check the value`,
			});
			return z.NEVER;
		}
		return id;
	});
}

/** A list of ids: an array, or a comma-separated string such as "1, 4, 7". */
export function integerIdList() {
	return z.preprocess(
		(value) => {
			if (typeof value === 'string')
				return value
					.split(',')
					.map((part) => part.trim())
					.filter(Boolean);
			if (typeof value === 'number') return [value];
			return value;
		},
		z.array(integerId(), { invalid_type_error: 'must be a list of IDs, e.g. 1,4,7' }),
	);
}

/**
 * An id from a vendor's answer: a number when it is one exactly, otherwise as the vendor sent
 * it (digits past Number.MAX_SAFE_INTEGER stay text, so they are never changed or sent wrong).
 */
export function vendorId(value: unknown): number | string | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : value;
}

/** A value as an error message shows it: text quoted, NaN and numbers as written. */
export function shown(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
		return String(value);
	if (value === undefined || value === null) return String(value);
	return JSON.stringify(value) ?? String(value);
}

/** Digits from an expression ("10", " 2.5 ") count as the number they spell. */
const asNumber = (value: unknown) =>
	typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

/**
 * A finite number within [min, max], whole when `integer`. NaN, Infinity, text that is not a
 * number and values out of range all fail with one message that states the range.
 */
export function numberInRange({
	min,
	max,
	integer,
}: {
	min: number;
	max?: number;
	integer: boolean;
}) {
	const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
	const message = `is not valid: it must be ${integer ? 'a whole number' : 'a number'} ${range}`;
	let schema = z
		.number({ invalid_type_error: message, required_error: message })
		.finite(message)
		.min(min, message);
	if (max !== undefined) schema = schema.max(max, message);
	if (integer) schema = schema.int(message);
	return z.preprocess(asNumber, schema);
}

/** Drops empty values so they are not sent (n8n leaves '' in fields the user never filled). */
export function compact(values: IDataObject): IDataObject {
	const kept: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		kept[key] = value;
	}
	return kept;
}

/**
 * Validates one item's input before anything is sent. The error names the item, the
 * field (by its label in the editor) and what to change; nothing is sent for that item.
 */
export function validateItem<Schema extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	schema: Schema,
	input: unknown,
	itemIndex: number,
	labels: Record<string, string>,
): z.output<Schema> {
	const result = schema.safeParse(input);
	if (result.success) return result.data as z.output<Schema>;

	const problems = result.error.issues.map((issue) => {
		const key = issue.path.join('.');
		const label = labels[key] ?? labels[String(issue.path[0])] ?? key;
		return `"${label}" ${issue.message}`;
	});
	throw new NodeOperationError(
		context.getNode(),
		`Invalid input on item ${itemIndex}: ${problems[0]}`,
		{
			itemIndex,
			description: `${problems.join('; ')}. Nothing was sent for this item. Fix the field, or the expression or input data that fills it.`,
		},
	);
}
