'use strict';
/**
 * Size and load/save cost of what a sync node remembers (nodes/shared/state.ts), at 10,000 and
 * 50,000 people: the saved state as n8n stores it in the workflow's row (JSON), the time to
 * serialise it (n8n's save when a run ends), to parse it and wrap it in n8n's ObservableObject
 * (n8n's load when a run starts), and to read it into the node's Map.
 *
 *   npm run build && node bench/state-size.js
 */
const { ObservableObject } = require('n8n-workflow');
const { fingerprint } = require('../dist/nodes/shared/state');

const ms = (since) => Number(process.hrtime.bigint() - since) / 1e6;

/** One state as NodeState.close() saves it; `values` = the remembered values per person. */
function savedState(people, perPerson, idOf) {
	const facts = {};
	for (let n = 0; n < people; n++) {
		const values = Array.from({ length: perPerson.total }, (_, i) =>
			i < perPerson.given ? `value ${i} of person ${n}` : undefined,
		);
		facts[idOf(n)] = fingerprint(values);
	}
	return {
		format: 1,
		node: 'Push to OPSCOM',
		server: 'https://controller.operationscommander.io/api/OC_TOMA',
		managed: false,
		generation: 'abcdefghijkl',
		trusted: true,
		facts,
	};
}

const CASES = [
	// OPSCOM: 24 attributes, all remembered; a typical roster gives 10.
	['OPSCOM profiles (10 of 24 attributes given)', { total: 24, given: 10 }, (n) => `S${String(n).padStart(7, '0')}`],
	// RCAMS: notes remembered; the id is the 64-character user token.
	['RCAMS users (notes)', { total: 1, given: 1 }, (n) => n.toString(16).padStart(64, '0')],
	// VALT: rooms, video access users and groups remembered; ids are numbers.
	['IVS VALT users (rooms, video access)', { total: 3, given: 3 }, (n) => String(1000 + n)],
];

console.log('state of one sync node        people   saved size   save (stringify)   load (parse + n8n wrap + Map)');
for (const [name, perPerson, idOf] of CASES) {
	for (const people of [10_000, 50_000]) {
		const state = savedState(people, perPerson, idOf);
		let t = process.hrtime.bigint();
		const json = JSON.stringify({ global: { [`campusSafety:node:${state.server}`]: state } });
		const save = ms(t);
		t = process.hrtime.bigint();
		const loaded = ObservableObject.create(JSON.parse(json));
		const map = new Map(Object.entries(Object.values(loaded.global)[0].facts));
		const load = ms(t);
		if (map.size !== people) throw new Error('lost facts');
		console.log(
			`${name.padEnd(44)} ${String(people).padStart(6)}  ${(json.length / 1e6).toFixed(2).padStart(7)} MB  ${save.toFixed(1).padStart(10)} ms  ${load.toFixed(1).padStart(14)} ms`,
		);
	}
}
