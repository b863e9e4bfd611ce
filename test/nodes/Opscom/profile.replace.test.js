/**
 * An update sends every field the roster gives. OPSCOM's push is an upsert whose treatment of an
 * attribute left out is undocumented, so the sandbox runs in its strict mode here: a push of an
 * existing Unique ID stores exactly the attributes sent. Whatever changed, OPSCOM must still hold
 * every attribute the roster gives, and the output names only the change.
 */
const { useSandbox } = require('../../helpers');
const { everyFieldWorkflow, fullPerson } = require('./everyAttribute.fixtures');

const env = useSandbox({ updateMode: { opscom: 'replace' } });

const roster = [fullPerson(1), fullPerson(2), fullPerson(3)];
const pushes = () =>
	env.sandbox.opscom.requests.filter((request) => request.path.endsWith('/profiles/push'));
const run = async (people) => {
	env.sandbox.opscom.requests.length = 0;
	const result = await env.engine.run(everyFieldWorkflow(people));
	expect(result.status).toBe('success');
	return result;
};
/** What OPSCOM holds of a profile, without its reference id. */
function held(uniqueId) {
	const profile = env.sandbox.opscom.api.snapshot().profiles.find((p) => p.unique_id === uniqueId);
	const { reference_id: _id, ...attributes } = profile;
	return attributes;
}

describe('OPSCOM Profile → Create or Update, against a vendor that replaces on push', () => {
	test.each([
		['city', { city: 'Toronto' }, [{ field: 'city', to: 'Toronto' }]],
		['email', { email: 'second@school.edu' }, [{ field: 'email', to: 'second@school.edu' }]],
		['user type', { user_type_id: '6' }, [{ field: 'userTypeId', to: '6' }]],
		[
			'date of birth',
			{ date_of_birth: '1999-12-31' },
			[{ field: 'dateOfBirth', to: '1999-12-31' }],
		],
		[
			'alternate postal code',
			{ postal_code2: 'H2X 1Y4' },
			[{ field: 'postalCode2', to: 'H2X 1Y4' }],
		],
	])(
		'%s changed: OPSCOM still holds every other attribute, and the output names only the change',
		async (_field, change, changes) => {
			await run(roster);
			expect(held('S00002')).toEqual(roster[1]);

			const changed = roster.map((p, i) => (i === 1 ? { ...p, ...change } : p));
			const second = await run(changed);
			expect(second.json('Node').map((item) => item.action)).toEqual([
				'unchanged',
				'updated',
				'unchanged',
			]);
			expect(second.json('Node')[1].changes).toEqual(changes);
			expect(held('S00002')).toEqual(changed[1]);
			expect(pushes().map((request) => request.json.unique_id)).toEqual(['S00002']);

			// …and the night after, nothing is left to repair.
			await run(changed);
			expect(pushes()).toEqual([]);
			expect(held('S00002')).toEqual(changed[1]);
		},
	);
});
