import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { asText, integerId, integerIdList, requiredText, text } from '../../../shared/validation';

/**
 * The VALT user attributes (shared/reference/VALT.md, "Create / update user fields"): for each,
 * the editor field and how it is checked. `toBody` maps them to the wire format.
 */
const userName: INodeProperties = {
	displayName: 'User Name',
	name: 'userName',
	type: 'string',
	default: '',
	description: 'The name the person logs in to VALT with',
};

const password: INodeProperties = {
	displayName: 'Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: 'The VALT password for this user',
};

/** Optional fields, sorted as n8n sorts collection options. */
const optionalFields: INodeProperties[] = [
	{
		displayName: 'Card Number',
		name: 'cardNumber',
		type: 'string',
		default: '',
		description:
			'RFID card number or keypad PIN. Sent as text so leading zeros are kept: map it from a text column (a number such as 0042 read as 42 has already lost them).',
	},
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		description: 'Shown in VALT instead of the user name, e.g. John Doe',
	},
	{
		displayName: 'Primary User Group Name or ID',
		name: 'userGroup',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUserGroups' },
		default: '',
		description:
			'The user\'s primary group, which sets their rights. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Room Names or IDs',
		name: 'rooms',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getRooms' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The interview rooms the user may use',
	},
	{
		displayName: 'Video Access User Group Names or IDs',
		name: 'videoAccessUserGroups',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getUserGroups' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The user groups whose recordings this user may watch',
	},
	{
		displayName: 'Video Access User IDs',
		name: 'videoAccessUsers',
		type: 'string',
		default: '',
		placeholder: '15,17',
		description: 'IDs of VALT users whose recordings this user may watch, separated by commas',
	},
];

/** Fields for Create and Create or Update. */
export const additionalFields = optionalFields;

/** Fields for Update: everything may change, sorted by label. */
export const updateFields: INodeProperties[] = [...optionalFields, userName, password].sort(
	(a, b) => a.displayName.localeCompare(b.displayName),
);

export const userNameField = (description: string): INodeProperties => ({
	...userName,
	required: true,
	description,
});

export const passwordField = (required: boolean, description: string): INodeProperties => ({
	...password,
	required,
	description,
});

/** A password is sent as typed: not trimmed, but an expression's number becomes text. */
const secret = () =>
	z.preprocess(
		asText,
		z
			.string({ required_error: 'is required', invalid_type_error: 'must be text' })
			.min(1, 'is required: it cannot be empty'),
	);

/** Every field optional, as for Update; `newUserSchema` requires what a new user needs. */
export const userSchema = z.object({
	userName: requiredText().optional(),
	password: secret().optional(),
	displayName: text().optional(),
	userGroup: integerId().optional(),
	cardNumber: text().optional(),
	rooms: integerIdList().optional(),
	videoAccessUsers: integerIdList().optional(),
	videoAccessUserGroups: integerIdList().optional(),
});

export const newUserSchema = userSchema.extend({ userName: requiredText(), password: secret() });

export type UserInput = z.output<typeof userSchema>;

export const USER_LABELS: Record<string, string> = {
	userName: 'User Name',
	password: 'Password',
	displayName: 'Display Name',
	userGroup: 'Primary User Group Name or ID',
	cardNumber: 'Card Number',
	rooms: 'Room Names or IDs',
	videoAccessUsers: 'Video Access User IDs',
	videoAccessUserGroups: 'Video Access User Group Names or IDs',
};

/** The JSON body VALT expects: integer ids, card number as a string, video access nested. */
export function toBody(user: UserInput): IDataObject {
	const body: IDataObject = {};
	if (user.userName !== undefined) body.name = user.userName;
	if (user.password !== undefined) body.password = user.password;
	if (user.displayName !== undefined) body.display_name = user.displayName;
	if (user.userGroup !== undefined) body.user_group = user.userGroup;
	if (user.cardNumber !== undefined) body.card_number = user.cardNumber;
	if (user.rooms !== undefined) body.rooms = user.rooms;
	if (user.videoAccessUsers !== undefined || user.videoAccessUserGroups !== undefined) {
		const access: IDataObject = {};
		if (user.videoAccessUsers !== undefined) access.users = user.videoAccessUsers;
		if (user.videoAccessUserGroups !== undefined) access.user_groups = user.videoAccessUserGroups;
		body.video_access = access;
	}
	return body;
}

/** What the node outputs about a saved user: the fields sent, never the password. */
export function savedUser(id: unknown, body: IDataObject): IDataObject {
	const visible: IDataObject = { id: id as IDataObject[string], ...body };
	delete visible.password;
	return visible;
}

/** VALT compares user names without regard to case (MySQL's default collation). */
export const nameKey = (name: string) => name.trim().toLowerCase();
