import { z } from 'zod';

import { ALWAYS, type Combined, type Field, type RecordTable } from '../../../shared/fields';
import { asText, email, text } from '../../../shared/validation';
import { idList } from '../../output';

/** RCAMS's user list reports the full name only, as "First Last". */
const fullName: Combined = {
	name: 'fullName',
	desired: (values) => `${String(values.firstName)} ${String(values.lastName)}`,
	read: 'user_name',
};

/**
 * The user attributes, both ways: the node parameter (and output name), the key RCAMS reads,
 * the editor field, where RCAMS reports the value (`read`, in its user list's shape; see
 * `listedShape` for Get's) and how a change is seen. RCAMS's user list reports the full name,
 * phone and picture, so those are compared with RCAMS itself; notes are compared with what this
 * node last sent; user name, email and password cannot change once the user exists.
 */
const fields: Field[] = [
	{
		name: 'firstName',
		key: 'first_name',
		label: 'First Name',
		required: ALWAYS,
		schema: text(),
		compare: 'vendor',
		combined: fullName,
	},
	{
		name: 'lastName',
		key: 'last_name',
		label: 'Last Name',
		required: ALWAYS,
		schema: text(),
		compare: 'vendor',
		combined: fullName,
	},
	{
		name: 'userName',
		key: 'user_name',
		label: 'User Name',
		required: ['create', 'upsert'],
		updatable: false,
		schema: text(),
		// The list has no logins: Create or Update's lookup and Get add it (see listedShape).
		compare: 'vendor',
		read: 'login',
		description: 'The login name, unique in RCAMS. It cannot be changed once the user exists.',
	},
	{
		name: 'email',
		key: 'email',
		label: 'Email',
		required: ['create', 'upsert'],
		updatable: false,
		schema: email(),
		compare: 'vendor',
		read: 'user_email',
		editor: { placeholder: 'name@email.com' },
		description: 'Unique in RCAMS. It cannot be changed once the user exists.',
	},
	{
		name: 'password',
		key: 'password',
		label: 'Password',
		required: ['create'],
		updatable: false,
		compare: 'never',
		// Sent as typed; an expression's number becomes text, as for VALT.
		schema: z.preprocess(asText, z.string({ invalid_type_error: 'must be text' })),
		editor: { typeOptions: { password: true } },
		description:
			'The password the user signs in with. Set on creation only: RCAMS cannot change it afterwards. Create or Update needs it for new users only.',
	},
	{
		name: 'notes',
		key: 'notes',
		label: 'Notes',
		collection: 'additionalFields',
		schema: text(),
		compare: 'history',
		editor: { typeOptions: { rows: 2 } },
		description:
			'Free text for administrators, e.g. the person’s role. RCAMS does not report notes back, so a nightly sync compares them with what it last sent.',
	},
	{
		name: 'phone',
		key: 'phone',
		label: 'Phone',
		collection: 'additionalFields',
		schema: text(50),
		compare: 'vendor',
		read: 'user_phone',
		description: 'Phone number, e.g. 555-123-4567',
	},
	{
		name: 'pictureUrl',
		key: 'picture_url',
		label: 'Picture URL',
		collection: 'additionalFields',
		schema: text().pipe(
			z.string().url('is not a web address (expected something like https://…/photo.png)'),
		),
		compare: 'vendor',
		read: 'user_picture_url',
		description: 'Address of the profile picture, starting with https://',
	},
];

export const USER: RecordTable = {
	fields,
	collections: [{ name: 'additionalFields', displayName: 'Additional Fields' }],
	id: { name: 'userToken', read: 'user_token' },
	reported: [
		{ name: 'lastLogin', read: (user) => (user.last_login === '' ? null : user.last_login) },
		{
			name: 'enabled',
			read: (user) => (user.enable === undefined ? undefined : user.enable === 'yes'),
		},
		{ name: 'districtIds', read: (user) => idList(user.districts) },
	],
};

/** Remove Leavers' resource mapper (version 2): the roster columns that keep an RCAMS user. */
export const ROSTER_MAPPING = 'getRosterFields';

/** What Remove Leavers reads of each roster person: the email, and optionally the login. */
export const ROSTER: RecordTable = {
	fields: USER.fields
		.filter((field) => field.name === 'email' || field.name === 'userName')
		.map((field) => ({ ...field, required: field.name === 'email' ? ALWAYS : undefined })),
	collections: [],
};

/** Assign Districts' resource mapper (version 2): whose districts, and which. */
export const GRANT_MAPPING = 'getGrantFields';

/**
 * What Assign Districts reads of each item: whose districts, and which. Version 2 takes the user
 * by token or by email (one of the two; the token wins), version 1 by its user locator.
 */
export const GRANT: RecordTable = {
	fields: [
		{
			name: 'userToken',
			key: 'usr_tokenid',
			label: 'User Token',
			compare: 'never',
			schema: text(),
			description:
				'The user, e.g. the userToken RCAMS Create or Update outputs. Give it or Email; with both, the token is used.',
		},
		{
			name: 'email',
			// As RCAMS's user list names it, where the node looks the user up.
			key: 'user_email',
			label: 'Email',
			compare: 'never',
			schema: email(),
			description:
				"The user's email, looked up in RCAMS's user list (read once per run, only when an item has no token). Give it or User Token.",
		},
		{
			name: 'districts',
			key: 'district_list',
			label: 'District IDs',
			required: ALWAYS,
			compare: 'never',
			schema: text(),
		},
	],
	collections: [],
};
