import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readLocator, resourceLocator } from '../shared/locator';

/** RCAMS user tokens are 64 hex characters. */
export const TOKEN_PATTERN = '^[0-9a-fA-F]{64}$';

/** The user an operation acts on: picked from a searchable list, or given by token. */
export function userLocator(displayOptions: IDisplayOptions): INodeProperties {
	return resourceLocator({
		name: 'user',
		displayName: 'User',
		description: 'The RCAMS user',
		displayOptions,
		searchListMethod: 'searchUsers',
		byId: {
			// The user token identifies a user; it is not a secret.
			displayName: 'By Token',
			placeholder: 'e.g. 8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64',
			regex: TOKEN_PATTERN,
			errorMessage: 'An RCAMS user token is 64 characters, 0-9 and a-f',
		},
	});
}

export const tokenSchema = z
	.string({ required_error: 'is required', invalid_type_error: 'must be a user token' })
	.trim()
	.regex(
		new RegExp(TOKEN_PATTERN),
		'must be an RCAMS user token (64 characters, 0-9 and a-f): pick the user from the list',
	)
	.transform((token) => token.toLowerCase());

/** The chosen user's token, validated before anything is sent. */
export function readUserToken(context: IExecuteFunctions, itemIndex: number): string {
	return readLocator(context, itemIndex, 'user', 'User', tokenSchema);
}

/** What Simplify says in the user operations. */
export const SIMPLIFY_USER =
	'Whether to return only the node\'s tidy field names (userToken, userName, fullName, email…). Turn off to also get RCAMS\'s own fields, exactly as it sent them, under "raw".';
