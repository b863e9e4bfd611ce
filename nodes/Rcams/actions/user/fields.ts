import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import {
	asText,
	compact,
	email,
	requiredText,
	text,
	validateItem,
} from '../../../shared/validation';

/**
 * The user attributes Create, Update and Create or Update send: the node parameter, the
 * key RCAMS reads and the editor label. The table is the request mapping.
 */
const FIELDS = [
	{ name: 'firstName', key: 'first_name', label: 'First Name' },
	{ name: 'lastName', key: 'last_name', label: 'Last Name' },
	{ name: 'userName', key: 'user_name', label: 'User Name' },
	{ name: 'email', key: 'email', label: 'Email' },
	{ name: 'password', key: 'password', label: 'Password' },
	{ name: 'notes', key: 'notes', label: 'Notes' },
	{ name: 'phone', key: 'phone', label: 'Phone' },
	{ name: 'pictureUrl', key: 'picture_url', label: 'Picture URL' },
] as const;

type FieldName = (typeof FIELDS)[number]['name'];
export type Profile = Partial<Record<FieldName, string>>;

const LABELS: Record<string, string> = Object.fromEntries(
	FIELDS.map((field) => [field.name, field.label]),
);

export function nameProperties(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			required: true,
			default: '',
			displayOptions,
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			required: true,
			default: '',
			displayOptions,
		},
	];
}

/** Login fields: set when a user is created; RCAMS cannot change them afterwards. */
export function loginProperties(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'User Name',
			name: 'userName',
			type: 'string',
			required: true,
			default: '',
			displayOptions,
			description: 'The login name, unique in RCAMS. It cannot be changed once the user exists.',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			displayOptions,
			description: 'Unique in RCAMS. It cannot be changed once the user exists.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions,
			description:
				'The password the user signs in with. Set on creation only: RCAMS cannot change it afterwards.',
		},
	];
}

export function additionalProperties(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Free text for administrators, e.g. the person’s role',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				description: 'Phone number, e.g. 555-123-4567',
			},
			{
				displayName: 'Picture URL',
				name: 'pictureUrl',
				type: 'string',
				default: '',
				description: 'Address of the profile picture, starting with https://',
			},
		],
	};
}

const optional = {
	notes: text().optional(),
	phone: text(50).optional(),
	pictureUrl: text()
		.pipe(z.string().url('is not a web address (expected something like https://…/photo.png)'))
		.optional(),
};

/** A password is sent as typed: not trimmed, but an expression's number becomes text (as for VALT). */
const password = z.preprocess(
	asText,
	z
		.string({ required_error: 'is required', invalid_type_error: 'must be text' })
		.min(1, 'is required: it cannot be empty'),
);

const schemas = {
	create: z.object({
		firstName: requiredText(),
		lastName: requiredText(),
		userName: requiredText(),
		email: email(),
		password,
		...optional,
	}),
	update: z.object({ firstName: requiredText(), lastName: requiredText(), ...optional }),
};

/** Reads and validates one item's user fields; throws, naming the field, before anything is sent. */
export function readProfile(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: keyof typeof schemas,
): Profile {
	const param = (name: string) => context.getNodeParameter(name, itemIndex, '');
	const input = compact({
		firstName: param('firstName'),
		lastName: param('lastName'),
		...(kind === 'create'
			? { userName: param('userName'), email: param('email'), password: param('password') }
			: {}),
		...(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	});
	return validateItem(context, schemas[kind], input, itemIndex, LABELS) as Profile;
}

/** The request fields RCAMS reads, for the given profile. */
export function toBody(profile: Profile): IDataObject {
	const body: IDataObject = {};
	for (const field of FIELDS) {
		if (profile[field.name] !== undefined) body[field.key] = profile[field.name];
	}
	return body;
}

/** What the node outputs for a written user: the tidy names, never the password. */
export function profileOutput(userToken: string, profile: Profile): IDataObject {
	const output: IDataObject = {
		userToken,
		userName: profile.userName,
		fullName: `${profile.firstName} ${profile.lastName}`,
		firstName: profile.firstName,
		lastName: profile.lastName,
		email: profile.email,
		phone: profile.phone,
		pictureUrl: profile.pictureUrl,
		notes: profile.notes,
	};
	return Object.fromEntries(Object.entries(output).filter(([, value]) => value !== undefined));
}
