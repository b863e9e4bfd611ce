import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RequestPolicy } from '../../../shared/options';
import type { OperationContext } from '../../../shared/operation';
import { compact, validateItem, vendorId } from '../../../shared/validation';
import {
	additionalFields,
	nameKey,
	newUserSchema,
	passwordField,
	savedUser,
	toBody,
	USER_LABELS,
	userNameField,
	userSchema,
} from './fields';
import { createUser, editUser, listUsers } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['createOrUpdate'] } };

export const description: INodeProperties[] = [
	{
		...userNameField(
			'The name the person logs in to VALT with. A user with this name is updated; otherwise a new user is created.',
		),
		displayOptions,
	},
	{
		...passwordField(
			false,
			'Required when the user is new. Existing users keep their password unless "Update Existing Passwords" is on.',
		),
		displayOptions,
	},
	{
		displayName: 'Update Existing Passwords',
		name: 'updatePasswords',
		type: 'boolean',
		default: false,
		displayOptions,
		description:
			'Whether to also set the password of users that already exist. Off, the password is only used for new users, so a nightly sync does not reset passwords.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: additionalFields,
	},
];

/** User ids by lower-case name; a name being created in this run maps to its pending id. */
type KnownUsers = Map<string, number | string | Promise<unknown>>;

/** Lists the users once per run instead of once per item. */
export async function prepare(this: IExecuteFunctions, policy: RequestPolicy): Promise<KnownUsers> {
	const users = await listUsers(this, { policy });
	return new Map(
		users.map((user) => [nameKey(String(user.name ?? '')), vendorId(user.id) ?? String(user.id)]),
	);
}

interface UpsertInput {
	input: IDataObject;
	updatePasswords: boolean;
}

/** Reads one item's fields (synchronous, so the runner can overlap it with requests). */
export function read(this: IExecuteFunctions, itemIndex: number): UpsertInput {
	return {
		input: compact({
			userName: this.getNodeParameter('userName', itemIndex),
			password: this.getNodeParameter('password', itemIndex, ''),
			...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		}),
		updatePasswords: this.getNodeParameter('updatePasswords', itemIndex, false) as boolean,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy, state: known }: OperationContext<KnownUsers>,
	{ input, updatePasswords }: UpsertInput,
): Promise<IDataObject> {
	const key = nameKey(String(input.userName ?? ''));
	// Another item of this run may be creating the same name: wait for it, then update.
	const pending = known.get(key);
	const existingId =
		pending === undefined ? undefined : await Promise.resolve(pending).catch(() => undefined);

	if (existingId === undefined) {
		const body = toBody(validateItem(this, newUserSchema, input, itemIndex, USER_LABELS));
		const creating = createUser(this, body, { policy, itemIndex });
		known.set(key, creating);
		const id = await creating;
		return { operation: 'created', ...savedUser(id, body) };
	}

	const user = validateItem(
		this,
		userSchema.required({ userName: true }),
		input,
		itemIndex,
		USER_LABELS,
	);
	if (!updatePasswords) delete user.password;
	const body = toBody(user);
	const id = await editUser(this, vendorId(existingId) ?? String(existingId), body, {
		policy,
		itemIndex,
	});
	return { operation: 'updated', ...savedUser(id, body) };
}
