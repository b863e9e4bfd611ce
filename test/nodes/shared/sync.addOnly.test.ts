/**
 * The engine's add-only sync (nodes/shared/sync.ts `addOnly`, with changes.ts's set comparison)
 * against a fake vendor of grants held in memory: what it sends, what it says it did, and what it
 * remembers (only what the vendor confirmed, and only ever more).
 */
import type { IDataObject } from 'n8n-workflow';

import { membersOf, missingMembers, unionFact, type Member } from '../../../nodes/shared/changes';
import { runOperations } from '../../../nodes/shared/runOperations';
import { addOnly, type AddOnlyTarget, type MemberResult } from '../../../nodes/shared/sync';
import { fakeContext } from './fakeContext';

/** A vendor that grants groups to people, refuses group 99 and can take nothing away. */
function fakeVendor(held: Record<string, Member[]> = {}) {
	const grants = new Map(Object.entries(held).map(([key, members]) => [key, new Set(members)]));
	const sent: Array<{ key: string; members: Member[] }> = [];
	const target: AddOnlyTarget = {
		field: 'groups',
		keyField: 'person',
		description: [],
		namespace: async () => 'fake',
		read: (context, itemIndex) => ({
			key: context.getNodeParameter('person', itemIndex) as string,
			wanted: context.getNodeParameter('groups', itemIndex) as Member[],
		}),
		add: async (_context, key, members) => {
			sent.push({ key, members });
			const mine = grants.get(key) ?? new Set<Member>();
			grants.set(key, mine);
			const results = members.map((member): MemberResult => {
				if (member === 99) return { member, outcome: 'refused', message: 'no such group' };
				const outcome = mine.has(member) ? 'present' : 'added';
				mine.add(member);
				return { member, outcome };
			});
			return { results, response: { results } as unknown as IDataObject };
		},
		output: (key, results) => ({
			person: key,
			groups: results.map(({ member, outcome, remembered }) => ({
				member,
				outcome,
				...(remembered ? { remembered } : {}),
			})),
		}),
		refused: (context, refused, output) =>
			new Error(
				`refused ${refused.map((result) => String(result.member)).join(', ')}; ${JSON.stringify(output.groups)}`,
			),
	};
	return { grants, sent, target };
}

const VENDOR = { credentialType: 'fakeApi', secrets: { of: () => [], rotate: false } };

async function run<Loaded>(
	target: AddOnlyTarget<Loaded>,
	people: IDataObject[],
	staticData: IDataObject = {},
	options: IDataObject = {},
) {
	const items = people.map((person) => ({
		resource: 'person',
		operation: 'grant',
		options,
		...person,
	}));
	const { context } = fakeContext({ items, staticData, continueOnFail: true });
	const [output] = await runOperations(context, VENDOR, { person: { grant: addOnly(target) } });
	return output.map((item) => item.json);
}

test('only missing members are sent; the next run sends nothing; a new member is sent alone', async () => {
	const vendor = fakeVendor({ ann: [1] });
	const staticData = {};
	const [first] = await run(vendor.target, [{ person: 'ann', groups: [3, 1, 2] }], staticData);
	expect(first).toEqual({
		action: 'updated',
		person: 'ann',
		groups: [
			{ member: 1, outcome: 'present' },
			{ member: 2, outcome: 'added' },
			{ member: 3, outcome: 'added' },
		],
		changes: [{ field: 'groups', to: [2, 3] }],
	});
	expect(vendor.sent).toEqual([{ key: 'ann', members: [3, 1, 2] }]);

	const [again] = await run(vendor.target, [{ person: 'ann', groups: [1, 2, 3] }], staticData);
	expect(again).toEqual({
		action: 'unchanged',
		person: 'ann',
		groups: [1, 2, 3].map((member) => ({ member, outcome: 'present', remembered: true })),
	});
	expect(vendor.sent).toHaveLength(1);

	const [more] = await run(vendor.target, [{ person: 'ann', groups: [4, 2] }], staticData);
	expect(more).toMatchObject({ action: 'updated', changes: [{ field: 'groups', to: [4] }] });
	expect(vendor.sent.at(-1)).toEqual({ key: 'ann', members: [4] });
	// Members not asked for this time stay remembered: grants only grow.
	await run(vendor.target, [{ person: 'ann', groups: [1, 3] }], staticData);
	expect(vendor.sent).toHaveLength(2);
});

test('a member the vendor held already is unchanged, yet remembered', async () => {
	const vendor = fakeVendor({ ann: [1, 2] });
	const staticData = {};
	const [first] = await run(vendor.target, [{ person: 'ann', groups: [1, 2] }], staticData);
	expect(first.action).toBe('unchanged');
	expect(first.changes).toBeUndefined();
	await run(vendor.target, [{ person: 'ann', groups: [1, 2] }], staticData);
	expect(vendor.sent).toHaveLength(1);
});

test('a preview sends nothing, says what would be added, and remembers nothing', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	const [preview] = await run(vendor.target, [{ person: 'ann', groups: [5, 6] }], staticData, {
		preview: true,
	});
	expect(preview).toEqual({
		action: 'updated',
		person: 'ann',
		groups: [],
		changes: [{ field: 'groups', to: [5, 6] }],
		preview: true,
	});
	expect(vendor.sent).toEqual([]);
	expect(staticData).toEqual({});
});

test('a refused member fails the item and is not remembered; the granted ones are', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	const [failed] = await run(vendor.target, [{ person: 'ann', groups: [1, 99] }], staticData);
	expect(failed.error).toBe(
		'refused 99; [{"member":1,"outcome":"added"},{"member":99,"outcome":"refused"}]',
	);
	await run(vendor.target, [{ person: 'ann', groups: [1, 99] }], staticData);
	expect(vendor.sent.at(-1)).toEqual({ key: 'ann', members: [99] });
});

test('Sync Mode Everyone sends every wanted member again', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	await run(vendor.target, [{ person: 'ann', groups: [1, 2] }], staticData);
	const [everyone] = await run(vendor.target, [{ person: 'ann', groups: [1, 2] }], staticData, {
		syncMode: 'all',
	});
	expect(vendor.sent.at(-1)).toEqual({ key: 'ann', members: [1, 2] });
	expect(everyone.action).toBe('unchanged');
});

test('two items for one person in a run: the second sees what the first confirmed', async () => {
	const vendor = fakeVendor();
	const output = await run(vendor.target, [
		{ person: 'ann', groups: [1, 2] },
		{ person: 'ann', groups: [2, 3] },
		{ person: 'bob', groups: [2] },
	]);
	expect(output.map((item) => item.action)).toEqual(['updated', 'updated', 'updated']);
	const sentTo = (key: string) => vendor.sent.filter((call) => call.key === key);
	expect(sentTo('ann').map((call) => call.members)).toEqual([[1, 2], [3]]);
	expect(sentTo('bob').map((call) => call.members)).toEqual([[2]]);
	expect(output[1].groups).toEqual([
		{ member: 2, outcome: 'present', remembered: true },
		{ member: 3, outcome: 'added' },
	]);
});

test('resolve: an item without a key is found through one load per run, and no load when every item has its key', async () => {
	const vendor = fakeVendor();
	let loads = 0;
	const target: AddOnlyTarget<Map<string, string>> = {
		...vendor.target,
		read: (context, itemIndex) => {
			const person = context.getNodeParameter('person', itemIndex, '') as string;
			const nick = context.getNodeParameter('nick', itemIndex, '') as string;
			return {
				key: person || undefined,
				wanted: context.getNodeParameter('groups', itemIndex) as Member[],
				...(nick ? { named: { nick } } : {}),
			};
		},
		resolve: {
			load: async () => {
				loads++;
				return new Map([['annie', 'ann']]);
			},
			key: async (_context, byNick, { named }) => {
				const key = byNick.get(String(named?.nick));
				if (!key) throw new Error(`nobody is called ${String(named?.nick)}`);
				return key;
			},
		},
	};
	const staticData = {};
	const output = await run(
		target,
		[
			{ nick: 'annie', groups: [1] },
			{ nick: 'zed', groups: [1] },
			{ person: 'bob', groups: [2] },
		],
		staticData,
	);
	expect(output[0]).toMatchObject({ action: 'updated', person: 'ann', nick: 'annie' });
	expect(output[1]).toEqual({ error: 'nobody is called zed' });
	expect(output[2]).toMatchObject({ action: 'updated', person: 'bob' });
	expect(loads).toBe(1);
	// Remembered under the key it resolved to: the same person by key sends nothing.
	const [again] = await run(target, [{ person: 'ann', groups: [1] }], staticData);
	expect(again.action).toBe('unchanged');
	expect(loads).toBe(1);
	expect(vendor.sent.map((call) => call.key).sort()).toEqual(['ann', 'bob']);
});

describe('the set comparison (changes.ts)', () => {
	test('wanted members split into confirmed and missing, first of each, ids compared as text', () => {
		expect(missingMembers([3, '1', 1, 4, 3], '1,2')).toEqual({ confirmed: ['1'], missing: [3, 4] });
		expect(missingMembers([1, 2], undefined)).toEqual({ confirmed: [], missing: [1, 2] });
	});

	test('the fact is the union in ascending order, ids too long for a number included', () => {
		const big = '123456789012345678901234567890';
		expect(unionFact('2,10', [1, big, 10])).toBe(`1,2,10,${big}`);
		expect(membersOf(unionFact(undefined, []))).toEqual(new Set());
		// A fact saved before the engine held districts ("1,3,4") reads the same.
		expect(missingMembers([4, 5], '1,3,4').missing).toEqual([5]);
	});
});
