import { runSwitch } from '../../../shared/parameters';
import { createOrUpdate, type SyncTarget } from '../../../shared/sync';
import { vendorId } from '../../../shared/validation';
import { valtServer } from '../../transport';
import { nameKey, USER } from './fields';
import { createUser, editUser, listUsers } from './requests';

const users: SyncTarget = {
	table: USER,
	mapping: 'getUserFields',
	keyField: 'userName',
	keyOf: (_context, _itemIndex, values) => nameKey(String(values.userName)),
	namespace: valtServer,
	list: async (context, policy) => await listUsers(context, { policy }),
	recordKeyOf: (user) => (typeof user.name === 'string' ? nameKey(user.name) : undefined),
	recordId: (user, key) => (user?.id === undefined ? key : String(user.id)),
	create: async (context, values, call) => {
		return { record: { id: await createUser(context, values, call) } };
	},
	update: async (context, user, values, fields, call) => {
		// Every field the roster gives: VALT does not document that omitted ones are kept.
		const sent = Object.fromEntries(fields.map((name) => [name, values[name]]));
		const id = await editUser(context, vendorId(user.id) ?? String(user.id), sent, call);
		return { record: { id } };
	},
};

export const operation = createOrUpdate(
	users,
	{ show: { resource: ['user'], operation: ['createOrUpdate'] } },
	{
		after: [
			{
				displayName: 'Update Existing Passwords',
				name: 'updatePasswords',
				type: 'boolean',
				default: false,
				displayOptions: { show: { resource: ['user'], operation: ['createOrUpdate'] } },
				description:
					'Whether to also set the password of users that already exist. Off, the password is only used for new users, so a nightly sync does not reset passwords. On, every existing user is sent their password on every run: passwords cannot be compared.',
			},
		],
		sendWriteOnly: (context, itemIndex) =>
			runSwitch<boolean>(context, 'updatePasswords', itemIndex, false) === true,
	},
);
