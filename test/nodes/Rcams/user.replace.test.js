/**
 * An update sends every field the roster gives. RCAMS does not document what an update does to an
 * optional field it is not sent (RCAMS.md, "What the docs do not promise"), so the sandbox runs in
 * its strict mode here: an update clears the phone, picture URL and notes it leaves out. Whatever
 * changed, RCAMS must still hold everything the roster gives, and the output names only the change.
 */
const { useSandbox } = require('../../helpers');
const { JACOB, person, personFields, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox({ updateMode: { rcams: 'replace' } });

const picture = (n) => `https://photos.school.edu/${n}.png`;
const roster = [1, 2, 3].map((n) =>
	person(n, { phone: `555-000${n}`, picture: picture(n), notes: `Note ${n}` }),
);

const upsert = (matchOn) => ({
	resource: 'user',
	operation: 'createOrUpdate',
	matchOn,
	...personFields,
	additionalFields: {
		phone: '={{ $json.phone }}',
		pictureUrl: '={{ $json.picture }}',
		notes: '={{ $json.notes }}',
	},
});
const run = async (matchOn, people) => {
	env.sandbox.rcams.requests.length = 0;
	const result = await env.engine.run(rcamsWorkflow(upsert(matchOn), { items: people }));
	expect(result.status).toBe('success');
	return result;
};
const writes = () =>
	env.sandbox.rcams.requests.filter((request) => !['list', 'get'].includes(request.json?.action));
const byField = (changes) => [...changes].sort((a, b) => a.field.localeCompare(b.field));
/** What RCAMS holds of a user, in the roster's terms. */
function held(token) {
	const user = env.sandbox.rcams.api.users.get(token);
	return {
		first: user.first_name,
		last: user.last_name,
		login: user.user_name,
		email: user.email,
		phone: user.phone,
		picture: user.picture_url,
		notes: user.notes,
	};
}

describe.each([
	['Email', 'email'],
	['User Name', 'userName'],
])(
	'RCAMS Create or Update matched by %s, against a vendor that replaces on update',
	(_label, matchOn) => {
		test.each([
			['phone', { phone: '555-9999' }, [{ field: 'phone', from: '555-0002', to: '555-9999' }]],
			[
				'picture URL',
				{ picture: picture(22) },
				[{ field: 'pictureUrl', from: picture(2), to: picture(22) }],
			],
			[
				'notes',
				{ notes: 'Moved to night shift' },
				[{ field: 'notes', to: 'Moved to night shift' }],
			],
			[
				'last name',
				{ last: 'Renamed' },
				[{ field: 'fullName', from: 'First2 Last2', to: 'First2 Renamed' }],
			],
		])(
			'%s changed: RCAMS still holds every other field, and the output names only the change',
			async (_field, change, changes) => {
				const first = await run(matchOn, roster);
				const token = first.json('Node')[1].userToken;
				expect(held(token)).toEqual(roster[1]);

				const changed = roster.map((p, i) => (i === 1 ? { ...p, ...change } : p));
				const second = await run(matchOn, changed);
				expect(second.json('Node').map((item) => item.action)).toEqual([
					'unchanged',
					'updated',
					'unchanged',
				]);
				expect(second.json('Node')[1].changes).toEqual(changes);
				expect(held(token)).toEqual(changed[1]);
				// One update, carrying every field the roster gives (never login, email or password).
				expect(writes().map((request) => request.json)).toEqual([
					{
						action: 'update',
						usr_tokenid: token,
						first_name: changed[1].first,
						last_name: changed[1].last,
						phone: changed[1].phone,
						picture_url: changed[1].picture,
						notes: changed[1].notes,
					},
				]);

				// …and the night after, nothing is left to repair.
				await run(matchOn, changed);
				expect(writes()).toEqual([]);
				expect(held(token)).toEqual(changed[1]);
			},
		);

		test('a user RCAMS already had keeps the phone it already had right', async () => {
			// Jacob Mata's phone is already 555-010-2000; his picture and notes differ from the roster.
			const jacob = {
				first: 'Jacob',
				last: 'Mata',
				login: 'jacob.mata',
				email: 'jacob.mata@rcams.example',
				phone: '555-010-2000',
				picture: picture(4),
				notes: 'Day shift',
			};
			const result = await run(matchOn, [jacob]);
			const [output] = result.json('Node');
			expect(output).toMatchObject({ action: 'updated', userToken: JACOB });
			// In any order: the picture RCAMS reported, and the notes it cannot report.
			expect(byField(output.changes)).toEqual([
				{ field: 'notes', to: 'Day shift' },
				{ field: 'pictureUrl', from: '', to: picture(4) },
			]);
			expect(held(JACOB)).toEqual(jacob);
		});
	},
);
