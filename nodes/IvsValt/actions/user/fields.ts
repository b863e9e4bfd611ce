import { z } from 'zod';

import type { Field, RecordTable } from '../../../shared/fields';
import { asText, integerId, integerIdList, text } from '../../../shared/validation';

const EXPRESSION_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** A password is sent as typed: not trimmed, but an expression's number becomes text. */
const secret = () => z.preprocess(asText, z.string({ invalid_type_error: 'must be text' }).min(1));

/**
 * The VALT user attributes (shared/reference/VALT.md, "Create / update user fields"). VALT's user
 * list reports name, display name, primary group and card number, so those are compared with
 * VALT itself; it does not report rooms or video access, so those are compared with what this
 * node last had confirmed (its state, see shared/state.ts); passwords are never compared.
 */
const fields: Field[] = [
	{
		name: 'userName',
		key: 'name',
		label: 'User Name',
		required: ['create', 'upsert'],
		schema: text(),
		compare: 'vendor',
		read: 'name',
		description:
			'The name the person logs in to VALT with. Create or Update finds existing users by it (VALT ignores case in user names).',
	},
	{
		name: 'password',
		key: 'password',
		label: 'Password',
		required: ['create'],
		schema: secret(),
		compare: 'never',
		editor: { typeOptions: { password: true } },
		description:
			'The VALT password. Create or Update needs it for new users only: existing users keep theirs unless "Update Existing Passwords" is on.',
	},
	{
		name: 'cardNumber',
		key: 'card_number',
		label: 'Card Number',
		collection: 'additionalFields',
		schema: text(),
		compare: 'vendor',
		read: 'card_number',
		description:
			'RFID card number or keypad PIN. Sent as text so leading zeros are kept: map it from a text column (a number such as 0042 read as 42 has already lost them).',
	},
	{
		name: 'displayName',
		key: 'display_name',
		label: 'Display Name',
		collection: 'additionalFields',
		schema: text(),
		compare: 'vendor',
		read: 'display_name',
		description: 'Shown in VALT instead of the user name, e.g. John Doe',
	},
	{
		name: 'userGroup',
		key: 'user_group',
		label: 'Primary User Group Name or ID',
		collection: 'additionalFields',
		schema: integerId(),
		compare: 'vendor',
		read: 'user_group.id',
		editor: { type: 'options', typeOptions: { loadOptionsMethod: 'getUserGroups' } },
		description: `The user's primary group, which sets their rights. Choose from the list, or specify an ID using an ${EXPRESSION_LINK}.`,
	},
	{
		name: 'rooms',
		key: 'rooms',
		label: 'Room Names or IDs',
		collection: 'additionalFields',
		schema: integerIdList(),
		compare: 'history',
		editor: {
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getRooms' },
			default: [],
			hint: 'The interview rooms the user may use. VALT does not report them back, so a nightly sync compares them with what it last sent.',
		},
		description: `Choose from the list, or specify IDs using an ${EXPRESSION_LINK}`,
	},
	{
		name: 'videoAccessUserGroups',
		key: 'video_access.user_groups',
		label: 'Video Access User Group Names or IDs',
		collection: 'additionalFields',
		schema: integerIdList(),
		compare: 'history',
		editor: {
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getUserGroups' },
			default: [],
			hint: 'The user groups whose recordings this user may watch (compared with what the node last sent)',
		},
		description: `Choose from the list, or specify IDs using an ${EXPRESSION_LINK}`,
	},
	{
		name: 'videoAccessUsers',
		key: 'video_access.users',
		label: 'Video Access User IDs',
		collection: 'additionalFields',
		schema: integerIdList(),
		compare: 'history',
		editor: { placeholder: '15,17' },
		description:
			'IDs of VALT users whose recordings this user may watch, separated by commas (compared with what the node last sent)',
	},
];

export const USER: RecordTable = {
	fields,
	collections: [{ name: 'additionalFields', displayName: 'Additional Fields' }],
	// A write outputs the user's id and the fields sent, under VALT's keys.
	id: { name: 'id', read: 'id' },
	output: 'sent',
};

/** VALT compares user names without regard to case (MySQL's default collation). */
export const nameKey = (name: string) => name.trim().toLowerCase();
