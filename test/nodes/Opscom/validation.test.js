const { useSandbox } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

/** Runs one invalid person and returns the node's error; asserts nothing reached OPSCOM. */
async function rejected(people, extra) {
	const run = await env.engine.run(pushWorkflow(people, extra));
	expect(run.status).toBe('error');
	expect(env.sandbox.opscom.requests).toHaveLength(0);
	return run.nodeError('Node');
}

describe('OPSCOM input validation (before anything is sent)', () => {
	test.each([
		['Unique ID', { id: '' }, {}, /"Unique ID" is required/],
		['Unique ID', { id: 'X'.repeat(51) }, {}, /"Unique ID" is 51 characters long, the limit is 50/],
		['Login Source', { loginSource: 'A'.repeat(21) }, {}, /"Login Source" is 21 characters long, the limit is 20/],
		['First Name', { first: 'F'.repeat(51) }, {}, /"First Name" is 51 characters long, the limit is 50/],
		['Email', { email: 'not-an-email' }, {}, /"Email" is not a valid email address/],
		['Email', { email: `${'e'.repeat(95)}@x.edu` }, {}, /"Email" is 101 characters long, the limit is 100/],
		['Cell Phone', {}, { additionalFields: { phoneCell: '1'.repeat(21) } }, /"Cell Phone" is 21 characters long, the limit is 20/],
		['Date of Birth', {}, { additionalFields: { dateOfBirth: '31/01/2001' } }, /"Date of Birth" must be a date written YYYY-MM-DD/],
		['Date of Birth', {}, { additionalFields: { dateOfBirth: '2001-02-30' } }, /"Date of Birth" is not a real calendar date/],
		['Province', {}, { address: { province: 'Mass' } }, /"Primary Address › Province\/State" must be a two-letter postal abbreviation/],
		['Province 2', {}, { alternateAddress: { province2: 'M1' } }, /"Alternate Address › Province\/State" must be a two-letter/],
		['Postal Code', {}, { address: { postalCode: 'P'.repeat(21) } }, /"Primary Address › Postal\/Zip Code" is 21 characters long/],
		['Licence Province', {}, { additionalFields: { driverLicenceProv: 'QUE' } }, /"Driver Licence Province\/State" must be a two-letter/],
		['User Type', {}, { additionalFields: { userTypeId: 'Staff' } }, /"User Type Name or ID" must be a user type ID \(digits only\)/],
	])('%s: %j %j is refused with a message naming field, item and fix', async (_label, overrides, extra, message) => {
		const error = await rejected([person(1, overrides)], extra);
		expect(error.message).toMatch(/^Invalid input on item 0: /);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/Nothing was sent for this item/);
	});

	test('the item number in the message is the failing item', async () => {
		const people = [person(1), person(2), person(3, { email: 'bad@' })];
		const run = await env.engine.run(pushWorkflow(people, {}, { options: { concurrency: 1 } }));
		expect(run.nodeError('Node').message).toMatch(/^Invalid input on item 2: "Email"/);
	});

	test('street lengths are not enforced (the vendor table is inconsistent there)', async () => {
		const run = await env.engine.run(
			pushWorkflow([person(1)], { alternateAddress: { street2: 'A very long alternate street name 42' } }),
		);
		expect(run.status).toBe('success');
	});

	test('numbers from expressions are accepted as text', async () => {
		const run = await env.engine.run(
			pushWorkflow([person(1, { sn: 12345 })], { additionalFields: { studentNo: '={{ $json.sn }}' } }),
		);
		expect(run.json('Node')[0].student_no).toBe('12345');
	});
});
