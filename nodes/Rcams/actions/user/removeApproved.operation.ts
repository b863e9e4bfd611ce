import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getCredentialsOnce } from '../../../shared/credentials';
import { readHeldSet, recordApprovalUse, type HeldScope } from '../../../shared/held';
import { defineOperation, type OperationContext } from '../../../shared/operation';
import { managedScope, namesDomain, removeRecords, wildcard } from '../../../shared/removal';
import { forgetManaged } from '../../../shared/state';
import { listUsers, RCAMS_CREDENTIAL, rcamsServer } from '../../transport';
import { removeUser, sameText } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['removeApproved'] } };

const description: INodeProperties[] = [
	{
		displayName:
			'Deletes, for good, exactly the users a Remove Leavers node held for approval in this run, once a person approved them (e.g. with a Send Email "Send and Wait for Response"). A changed set, another run or a second use of the approval removes nobody.',
		name: 'removeApprovedNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	{
		displayName: 'Held Users',
		name: 'heldUsers',
		type: 'json',
		required: true,
		default: '',
		placeholder: "{{ $('Remove RCAMS Leavers').all(1) }}",
		displayOptions,
		description:
			"All the items of the Remove Leavers node's \"Held for Approval\" output (its second output), e.g. {{ $('Remove RCAMS Leavers').all(1) }}",
	},
	{
		displayName: 'Approved',
		name: 'approved',
		type: 'boolean',
		default: false,
		displayOptions,
		description:
			"Whether a person approved the removal: map the approval's answer, the field data.approved that a Send and Wait for Response outputs. Not approved, nobody is removed.",
	},
];

/** The held users RCAMS still lists, still in the scope the removal managed, never the credential's account. */
async function stillLeavers(
	context: IExecuteFunctions,
	settings: OperationContext<undefined>['settings'],
	server: string,
	scope: HeldScope,
	ids: string[],
): Promise<IDataObject[]> {
	const credentials = await getCredentialsOnce(context, RCAMS_CREDENTIAL);
	const users = await listUsers(context, { policy: settings.policy });
	let inScope: (user: IDataObject) => boolean;
	if (scope.managedUsers === 'workflow') {
		const managed = managedScope(context, server, scope.syncNodes ?? [], {
			vendor: 'RCAMS',
			parameter: 'Create or Update Nodes',
		});
		inScope = (user) => managed.has(String(user.user_token));
	} else {
		const pattern = wildcard(String(scope.emailPattern));
		if (!namesDomain(String(scope.emailPattern))) inScope = () => false;
		else inScope = (user) => pattern.test(String(user.user_email ?? ''));
	}
	const byToken = new Map(users.map((user) => [String(user.user_token), user]));
	const gone: string[] = [];
	const leavers: IDataObject[] = [];
	for (const id of ids) {
		const user = byToken.get(id);
		if (!user || !inScope(user) || sameText(user.user_email, credentials.username)) gone.push(id);
		else leavers.push(user);
	}
	if (gone.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: ${gone.length} of the ${ids.length} held users are no longer leavers this sync may remove (no longer in RCAMS, or no longer managed)`,
			{
				itemIndex: 0,
				description: `An approval applies to exactly the set that was held, and that set changed since. The next run holds the users who are still leavers again and asks anew. Users: ${gone.join(', ')}`,
			},
		);
	}
	return leavers;
}

async function executeAll(
	context: IExecuteFunctions,
	{ settings }: OperationContext<undefined>,
): Promise<INodeExecutionData[]> {
	const server = await rcamsServer(context);
	const { set, ids } = readHeldSet(context, context.getNodeParameter('heldUsers', 0, ''), {
		server,
		idField: 'userToken',
	});
	const approved = context.getNodeParameter('approved', 0, false);
	if (typeof approved !== 'boolean') {
		throw new NodeOperationError(
			context.getNode(),
			`"Approved" must be true or false, not ${JSON.stringify(approved)}`,
			{
				itemIndex: 0,
				description:
					"Map the approval's answer: the data.approved field of a Send and Wait for Response.",
			},
		);
	}
	const pairedItem = context.getInputData().map((_, item) => ({ item }));
	if (!approved) {
		return ids.map((userToken) => ({
			json: { action: 'kept', userToken, reason: 'not approved', heldSet: set.id },
			pairedItem,
		}));
	}
	const leavers = await stillLeavers(context, settings, server, set.scope, ids);
	// A set held by a preview is approved as a preview: Remove Leavers' Preview covers the whole run.
	const preview = settings.preview || set.preview === true;
	if (!preview) await recordApprovalUse(context, set);
	return await removeRecords(
		context,
		{ ...settings, preview },
		{
			vendor: 'RCAMS',
			remove: async (execute, user, call) =>
				await removeUser(execute, String(user.user_token), call),
			output: (user) => ({
				userToken: user.user_token,
				fullName: user.user_name,
				email: user.user_email,
			}),
			forget: (execute, removed) =>
				forgetManaged(
					execute,
					server,
					removed.map((user) => String(user.user_token)),
				),
		},
		leavers,
		{ approvedSet: set.id },
	);
}

export const operation = defineOperation({
	kind: 'remove',
	description,
	// The held set is one parameter for the whole input, read and checked in executeAll.
	read: () => undefined,
	executeAll,
});
