import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { ALWAYS, type Combined, type Field, type RecordTable } from '../../../shared/fields';
import { asText, email, text } from '../../../shared/validation';

/** RCAMS's user list reports the full name only, as "First Last". */
const fullName: Combined = {
	name: 'fullName',
	desired: (values) => `${String(values.firstName)} ${String(values.lastName)}`,
	current: (user) => user.user_name,
};

/**
 * The user attributes Create, Update and Create or Update send: the node parameter, the key
 * RCAMS reads, the editor field and how a change is seen. RCAMS's user list reports the full
 * name, phone and picture, so those are compared with RCAMS itself; notes are compared with what
 * this node last sent; user name, email and password cannot change once the user exists.
 */
const fields: Field[] = [
	{
		name: 'firstName',
		key: 'first_name',
		label: 'First Name',
		required: ALWAYS,
		schema: text(),
		combined: fullName,
	},
	{
		name: 'lastName',
		key: 'last_name',
		label: 'Last Name',
		required: ALWAYS,
		schema: text(),
		combined: fullName,
	},
	{
		name: 'userName',
		key: 'user_name',
		label: 'User Name',
		required: ['create', 'upsert'],
		updatable: false,
		schema: text(),
		description: 'The login name, unique in RCAMS. It cannot be changed once the user exists.',
	},
	{
		name: 'email',
		key: 'email',
		label: 'Email',
		required: ['create', 'upsert'],
		updatable: false,
		schema: email(),
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
		current: (user) => user.user_phone,
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
		current: (user) => user.user_picture_url,
		description: 'Address of the profile picture, starting with https://',
	},
];

export const USER: RecordTable = {
	fields,
	collections: [{ name: 'additionalFields', displayName: 'Additional Fields' }],
};

/** What the node outputs for a user: the tidy names, never the password. */
export function profileOutput(userToken: unknown, values: IDataObject): IDataObject {
	const output: IDataObject = {
		userToken: userToken as string,
		userName: values.userName,
		fullName:
			values.firstName === undefined
				? undefined
				: `${String(values.firstName)} ${String(values.lastName)}`,
		firstName: values.firstName,
		lastName: values.lastName,
		email: values.email,
		phone: values.phone,
		pictureUrl: values.pictureUrl,
		notes: values.notes,
	};
	return Object.fromEntries(Object.entries(output).filter(([, value]) => value !== undefined));
}
