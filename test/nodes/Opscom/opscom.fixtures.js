/** Builders for OPSCOM test workflows. */
const { singleNodeWorkflow } = require('../../helpers');

/** A Create or Update node fed by a roster; fields map from each person by expression. */
function pushWorkflow(
	people,
	extra = {},
	{ options, continueOnFail, errorOutput, typeVersion } = {},
) {
	return singleNodeWorkflow({
		type: 'opscom',
		items: people,
		continueOnFail,
		errorOutput,
		typeVersion,
		parameters: {
			resource: 'profile',
			operation: 'createOrUpdate',
			uniqueId: '={{ $json.id }}',
			loginSource: '={{ $json.loginSource ?? "OPSCOM" }}',
			firstName: '={{ $json.first ?? "" }}',
			lastName: '={{ $json.last ?? "" }}',
			email: '={{ $json.email ?? "" }}',
			...extra,
			...(options ? { options } : {}),
		},
	});
}

const person = (n, more = {}) => ({
	id: `S${String(n).padStart(5, '0')}`,
	first: `First${n}`,
	last: `Last${n}`,
	email: `student${n}@school.edu`,
	...more,
});

module.exports = { pushWorkflow, person };
