/**
 * An update sends every field the roster gives. Whether a VALT edit keeps what it is not sent, and
 * whether half of video_access keeps the other half, is undocumented (VALT.md, "What the docs do
 * not promise"), so the sandbox runs in its strict mode here: an edit clears the optional fields it
 * leaves out and takes video_access as one object. Whatever changed, VALT must still hold
 * everything the roster gives, and the output names only the change.
 */
const { useSandbox } = require('../../helpers');
const {
	valtWorkflow,
	apiCalls,
	everyFieldParameters,
	person,
	seedUsers,
} = require('./valt.fixtures');

const env = useSandbox({ updateMode: { valt: 'replace' } });

const parameters = everyFieldParameters;
const roster = [
	person(1, {
		card: '0001',
		display: 'One',
		group: 2,
		rooms: [37],
		videoGroups: [2],
		videoUsers: [1],
	}),
	person(2, {
		card: '0002',
		display: 'Two',
		group: 3,
		rooms: [37, 39],
		videoGroups: [2, 3],
		videoUsers: [1, 48],
	}),
	person(3, {
		card: '0003',
		display: 'Three',
		group: 7,
		rooms: [43],
		videoGroups: [7],
		videoUsers: [1],
	}),
];

const writes = () => apiCalls(env.sandbox).filter((request) => request.method !== 'GET');
const run = async (people) => {
	env.sandbox.valt.requests.length = 0;
	const result = await env.engine.run(valtWorkflow(parameters, people));
	expect(result.status).toBe('success');
	return result;
};
const sorted = (ids) => [...ids].sort((a, b) => a - b);
/** What VALT holds of a user, in the roster's terms. */
function held(id) {
	const user = env.sandbox.valt.api.users.get(id);
	return {
		name: user.name,
		password: user.password,
		card: user.card_number,
		display: user.display_name,
		group: user.user_group,
		rooms: sorted(user.rooms),
		videoGroups: sorted(user.video_access.user_groups),
		videoUsers: sorted(user.video_access.users),
	};
}
const byField = (changes) => [...changes].sort((a, b) => a.field.localeCompare(b.field));

describe('IVS VALT Create or Update, against a vendor that replaces on edit', () => {
	test.each([
		['display name', { display: 'Deux' }, [{ field: 'displayName', from: 'Two', to: 'Deux' }]],
		['card number', { card: '0099' }, [{ field: 'cardNumber', from: '0002', to: '0099' }]],
		['primary group', { group: 7 }, [{ field: 'userGroup', from: 3, to: 7 }]],
		['rooms', { rooms: [43] }, [{ field: 'rooms', to: [43] }]],
		['video access users', { videoUsers: [1] }, [{ field: 'videoAccessUsers', to: [1] }]],
		[
			'video access user groups',
			{ videoGroups: [7] },
			[{ field: 'videoAccessUserGroups', to: [7] }],
		],
	])(
		'%s changed: VALT still holds every other field, and the output names only the change',
		async (_field, change, changes) => {
			await run(roster);
			expect(held(49)).toEqual(roster[1]);

			const changed = roster.map((p, i) => (i === 1 ? { ...p, ...change } : p));
			const second = await run(changed);
			expect(second.json('Node').map((item) => item.action)).toEqual([
				'unchanged',
				'updated',
				'unchanged',
			]);
			expect(second.json('Node')[1].changes).toEqual(changes);
			expect(held(49)).toEqual(changed[1]);
			// One edit, carrying every field the roster gives; the password only with "Update Existing Passwords".
			expect(writes().map((request) => [request.path, request.json])).toEqual([
				[
					'/api/v3/admin/users/49/edit',
					{
						name: 'jdoe2',
						card_number: changed[1].card,
						display_name: changed[1].display,
						user_group: changed[1].group,
						rooms: changed[1].rooms,
						video_access: { user_groups: changed[1].videoGroups, users: changed[1].videoUsers },
					},
				],
			]);

			// …and the night after, nothing is left to repair.
			await run(changed);
			expect(writes()).toEqual([]);
			expect(held(49)).toEqual(changed[1]);
		},
	);

	test('a user VALT already had keeps the card and group it already had right', async () => {
		// seedUsers creates jdoe1 (id 48) with card 001 and primary group 2, then forgets the requests.
		await seedUsers(env, 1);
		const jdoe1 = person(1, {
			card: '001',
			display: 'One',
			group: 2,
			rooms: [37, 39],
			videoGroups: [2],
			videoUsers: [1],
		});
		const result = await run([jdoe1]);
		const [output] = result.json('Node');
		expect(output.action).toBe('updated');
		expect(byField(output.changes)).toEqual([
			{ field: 'displayName', from: null, to: 'One' },
			{ field: 'rooms', to: [37, 39] },
			{ field: 'videoAccessUserGroups', to: [2] },
			{ field: 'videoAccessUsers', to: [1] },
		]);
		expect(held(48)).toEqual(jdoe1);
	});
});
