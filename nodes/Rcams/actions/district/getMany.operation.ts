import {
	applyLimit,
	readLimit,
	readSimplify,
	returnAllProperties,
	simplifyProperty,
	withRaw,
} from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { normalizeDistrict } from '../../output';
import { listDistricts } from '../../transport';

const displayOptions = { show: { resource: ['district'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		...returnAllProperties(displayOptions),
		simplifyProperty(
			displayOptions,
			'Whether to return only districtId (a number) and districtName. Turn off to also get RCAMS\'s own fields under "raw".',
		),
	],
	read: (context, itemIndex) => ({
		limit: readLimit(context, itemIndex),
		simplify: readSimplify(context, itemIndex),
	}),
	execute: async (context, itemIndex, { policy }, { limit, simplify }) => {
		const districts = applyLimit(await listDistricts(context, { policy, itemIndex }), limit);
		return districts.map((district) => withRaw(normalizeDistrict(district), district, simplify));
	},
});
