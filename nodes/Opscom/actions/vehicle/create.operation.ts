import { recordBody } from '../../../shared/fields';
import { createOne } from '../../../shared/write';
import { opscomRequest } from '../../transport';
import { VEHICLE, VEHICLE_SWITCHES } from './fields';

export const operation = createOne(
	{
		table: VEHICLE,
		mapping: 'getVehicleFields',
		keyField: 'plate',
		create: async (context, values, { policy, itemIndex }) => {
			// A create, not an upsert, and OPSCOM documents no way to look a vehicle up: after a
			// dropped connection it is not sent again, and the error says it may have been created.
			const response = await opscomRequest(context, {
				path: 'vehicles/push',
				body: recordBody(VEHICLE, values),
				policy,
				itemIndex,
				idempotent: false,
			});
			return { record: {}, response };
		},
	},
	{ show: { resource: ['vehicle'], operation: ['create'] } },
	{ switches: VEHICLE_SWITCHES },
);
