'use strict';
/**
 * What the sandbox's vendors hold, checked against a roster, for the crash tests
 * (test/e2e/crash.test.js, test/e2e/queue.test.js).
 */

/** A short account of a list for a failure message: how many, and the first few. */
const few = (list) => ({ count: list.length, first: list.slice(0, 5) });

/**
 * Who does not hold whom, vendor by vendor, with the roster's values: OPSCOM profiles by
 * unique id, VALT users by name (exactly once), RCAMS users by email (exactly once).
 */
function notHeld(sandbox, people) {
	const group = (records, keyOf) => {
		const map = new Map();
		for (const record of records) {
			const key = keyOf(record);
			map.set(key, [...(map.get(key) ?? []), record]);
		}
		return map;
	};
	const opscom = group(sandbox.opscom.api.snapshot().profiles, (p) => p.unique_id);
	const valt = group(sandbox.valt.api.snapshot().users, (u) => u.name);
	const rcams = group(sandbox.rcams.api.snapshot().users, (u) => u.email);
	const differs = (record, expected) =>
		Object.entries(expected).some(([key, value]) => String(record[key] ?? '') !== value);
	const check = (held, key, expected, once) =>
		people
			.filter((person) => {
				const records = held.get(person[key]) ?? [];
				if (records.length === 0 || (once && records.length > 1)) return true;
				return differs(records[0], expected(person));
			})
			.map((person) => person[key]);
	return {
		opscom: check(
			opscom,
			'id',
			(p) => ({
				login_source: 'OPSCOM',
				first_name: p.first_name,
				last_name: p.last_name,
				email: p.email,
				user_name: p.login,
				user_type_id: p.opscom_user_type,
			}),
			false,
		),
		valt: check(
			valt,
			'login',
			(p) => ({
				display_name: `${p.first_name} ${p.last_name}`,
				card_number: p.card,
				user_group: p.valt_group,
			}),
			true,
		),
		rcams: check(
			rcams,
			'email',
			(p) => ({
				first_name: p.first_name,
				last_name: p.last_name,
				user_name: p.login,
				districts: p.rcams_districts,
			}),
			true,
		),
	};
}

/** A sync node's (lean) output rows of a nightly run (action, key, id) as key → action. */
function actionsByPerson(rows, key = 'uniqueId') {
	return new Map((rows ?? []).map((row) => [row[key], row.action]));
}

/** How many rows say each action: { created: 560, unchanged: 440 }. */
function tally(rows) {
	const counts = {};
	for (const row of rows ?? []) counts[row.action] = (counts[row.action] ?? 0) + 1;
	return counts;
}

/** Of `ids`, those whose action is not one that sends the person: neither created nor updated. */
function notSent(actions, ids) {
	return ids.filter((id) => !['created', 'updated'].includes(actions.get(id)));
}

module.exports = { few, notHeld, actionsByPerson, tally, notSent };
