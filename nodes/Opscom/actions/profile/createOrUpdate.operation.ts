import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { recordBody } from '../../../shared/fields';
import type { Call } from '../../../shared/operation';
import { createOrUpdate, type SyncTarget } from '../../../shared/sync';
import { opscomRequest, opscomServer } from '../../transport';
import { PROFILE } from './fields';

/** profiles/push is an upsert on the Unique ID: creating and updating are the same call. */
async function push(context: IExecuteFunctions, values: IDataObject, { policy, itemIndex }: Call) {
	const body = recordBody(PROFILE, values);
	const response = await opscomRequest(context, { path: 'profiles/push', body, policy, itemIndex });
	return { record: {}, response };
}

const profiles: SyncTarget = {
	table: PROFILE,
	mapping: 'getProfileFields',
	keyField: 'uniqueId',
	keyOf: (_context, _itemIndex, values) => String(values.uniqueId),
	// OPSCOM has no read API: what the node remembers is the only memory, per OPSCOM instance and client.
	namespace: opscomServer,
	recordId: (_record, key) => key,
	create: push,
	// The whole profile goes with every push: OPSCOM does not document what an omitted attribute does.
	update: async (context, _record, values, _changed, call) => await push(context, values, call),
};

export const operation = createOrUpdate(profiles, {
	show: { resource: ['profile'], operation: ['createOrUpdate'] },
});
