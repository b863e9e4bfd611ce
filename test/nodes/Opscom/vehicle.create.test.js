const { useSandbox, singleNodeWorkflow, SANDBOX_SECRETS } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

/** A Vehicle → Create node fed by a list of vehicles; fields map from each one by expression. */
function vehicleWorkflow(vehicles, extra = {}, { options, continueOnFail, errorOutput } = {}) {
	return singleNodeWorkflow({
		type: 'opscom',
		items: vehicles,
		continueOnFail,
		errorOutput,
		parameters: {
			resource: 'vehicle',
			operation: 'create',
			plate: '={{ $json.plate }}',
			plateType: '={{ $json.plateType ?? "Passenger" }}',
			prov: '={{ $json.prov ?? "MA" }}',
			...extra,
			...(options ? { options } : {}),
		},
	});
}

const car = (n, more = {}) => ({ plate: `CAR${String(n).padStart(3, '0')}`, ...more });
const vehicles = () => env.sandbox.opscom.api.snapshot().vehicles;
const noRetry = { options: { maxRetries: 0 } };

/** Makes the nth request the sandbox sees suffer `kind`; counts the requests that arrived. */
function faultOnce(nth, kind) {
	const seen = { count: 0 };
	env.sandbox.opscom.faults.roll = () => (++seen.count === nth ? kind : undefined);
	return seen;
}

describe('OPSCOM Vehicle → Create', () => {
	test("creates the vendor's sample vehicle: a POST to vehicles/push with exactly the keys given", async () => {
		const run = await env.engine.run(
			vehicleWorkflow([{ plate: 'PL8RDR', plateType: 'Motorcycle' }], {
				additionalFields: {
					make: 'kia',
					type: 'commercial',
					colour: 'red',
					year: '2021',
					vin: '8GKS1AKC7FR518845',
				},
			}),
		);
		expect(run.status).toBe('success');
		const sent = {
			plate: 'PL8RDR',
			plateType: 'Motorcycle',
			prov: 'MA',
			make: 'kia',
			type: 'commercial',
			colour: 'red',
			year: '2021',
			vin: '8GKS1AKC7FR518845',
		};
		const [request] = env.sandbox.opscom.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/OC_TOMA/v1/vehicles/push');
		expect(request.query).toEqual({});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['cache-control']).toBe('no-cache');
		expect(request.json).toEqual({ apiToken: SANDBOX_SECRETS.opscom.apiToken, ...sent });
		expect(JSON.stringify(request.headers)).not.toContain(SANDBOX_SECRETS.opscom.apiToken);

		expect(vehicles()).toEqual([{ ...sent, reference_id: 501 }]);
		const [output] = run.json('Node');
		expect(output).toEqual({ action: 'created', reference_id: 501, ...sent });
		expect(JSON.stringify(output)).not.toContain(SANDBOX_SECRETS.opscom.apiToken);
	});

	test('plate type and province by ID: only the IDs are sent, never a value left in the other field', async () => {
		const run = await env.engine.run(
			vehicleWorkflow([car(1)], {
				plateTypeBy: 'id',
				plateTypeId: '={{ 3 }}',
				provBy: 'id',
				provId: '9',
				// Left over from before the switches were changed: must not be sent.
				plateType: 'Motorcycle',
				prov: 'MA',
				additionalFields: { makeId: '8', typeId: 3 },
			}),
		);
		expect(run.status).toBe('success');
		const { apiToken, ...sent } = env.sandbox.opscom.requests[0].json;
		expect(apiToken).toBe(SANDBOX_SECRETS.opscom.apiToken);
		expect(sent).toEqual({
			plate: 'CAR001',
			plateTypeID: '3',
			provID: '9',
			makeID: '8',
			typeID: '3',
		});
		expect(vehicles()).toEqual([{ ...sent, reference_id: 501 }]);
		expect(run.json('Node')).toEqual([{ action: 'created', reference_id: 501, ...sent }]);
	});

	test('a province given by full name is sent as given', async () => {
		await env.engine.run(vehicleWorkflow([car(1, { prov: 'British Columbia' })]));
		expect(vehicles()[0]).toMatchObject({ plate: 'CAR001', prov: 'British Columbia' });
	});

	test('expressions are evaluated per item: one vehicle each, in input order, paired with its input', async () => {
		const list = [
			car(1, { prov: 'ON', year: 2019 }),
			car(2, { plateType: 'Commercial', prov: 'NY', year: 2020 }),
			car(3, { year: 2021 }),
		];
		const run = await env.engine.run(
			vehicleWorkflow(list, { additionalFields: { year: '={{ $json.year }}' } }),
		);
		expect(run.status).toBe('success');
		const items = run.items('Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map(({ json }) => [json.plate, json.plateType, json.prov, json.year])).toEqual([
			['CAR001', 'Passenger', 'ON', '2019'],
			['CAR002', 'Commercial', 'NY', '2020'],
			['CAR003', 'Passenger', 'MA', '2021'],
		]);
		const stored = vehicles().sort((a, b) => a.plate.localeCompare(b.plate));
		expect(stored.map((v) => [v.plate, v.prov, v.year])).toEqual([
			['CAR001', 'ON', '2019'],
			['CAR002', 'NY', '2020'],
			['CAR003', 'MA', '2021'],
		]);
		// Each output carries the id OPSCOM gave that very vehicle.
		for (const { json } of items) {
			expect(stored.find((v) => v.reference_id === json.reference_id).plate).toBe(json.plate);
		}
	});

	test('optional fields left empty are not sent', async () => {
		await env.engine.run(
			vehicleWorkflow([car(1)], { additionalFields: { colour: '', vin: '   ' } }),
		);
		expect(Object.keys(env.sandbox.opscom.requests[0].json).sort()).toEqual(
			['apiToken', 'plate', 'plateType', 'prov'].sort(),
		);
	});
});

describe('Vehicle → Create input validation (before anything is sent)', () => {
	const byId = { plateTypeBy: 'id', plateTypeId: '1', provBy: 'id', provId: '22' };
	test.each([
		['no plate', car(1, { plate: '' }), {}, /"Plate" is required/],
		['a blank plate', car(1, { plate: '   ' }), {}, /"Plate" is required/],
		[
			'a long plate',
			car(1, { plate: 'P'.repeat(51) }),
			{},
			/"Plate" is 51 characters long, the limit is 50/,
		],
		['no plate type', car(1, { plateType: '' }), {}, /"Plate Type" is required/],
		[
			'a long plate type',
			car(1, { plateType: 'T'.repeat(51) }),
			{},
			/"Plate Type" is 51 characters long, the limit is 50/,
		],
		[
			'no plate type ID',
			car(1),
			{ ...byId, plateTypeId: '={{ "" }}' },
			/"Plate Type ID" is required/,
		],
		[
			'a plate type name as ID',
			car(1),
			{ ...byId, plateTypeId: 'Motorcycle' },
			/"Plate Type ID" must be a plate type ID \(digits only\)/,
		],
		['no province', car(1, { prov: '' }), {}, /"Province\/State" is required/],
		[
			'a long province',
			car(1, { prov: 'P'.repeat(51) }),
			{},
			/"Province\/State" is 51 characters long, the limit is 50/,
		],
		[
			'no province ID',
			car(1),
			{ ...byId, provId: '={{ "" }}' },
			/"Province\/State ID" is required/,
		],
		[
			'a province code as ID',
			car(1),
			{ ...byId, provId: 'MA' },
			/"Province\/State ID" must be a province\/state ID \(digits only\)/,
		],
		[
			'a long make',
			car(1),
			{ additionalFields: { make: 'K'.repeat(51) } },
			/"Make" is 51 characters long, the limit is 50/,
		],
		[
			'make and make ID',
			car(1),
			{ additionalFields: { make: 'Kia', makeId: '8' } },
			/"Make ID" cannot be given together with "Make": give one of them/,
		],
		[
			'type and type ID',
			car(1),
			{ additionalFields: { type: 'Van', typeId: '3' } },
			/"Type ID" cannot be given together with "Type"/,
		],
		[
			'a make ID that is a name',
			car(1),
			{ additionalFields: { makeId: 'Kia' } },
			/"Make ID" must be a make ID \(digits only\)/,
		],
		[
			'a two-digit year',
			car(1),
			{ additionalFields: { year: '21' } },
			/"Year" must be a four-digit year, e.g. 2021/,
		],
		[
			'a year in words',
			car(1),
			{ additionalFields: { year: 'twenty' } },
			/"Year" must be a four-digit year/,
		],
	])(
		'%s is refused with a message naming the field and the item',
		async (_label, vehicle, extra, message) => {
			const run = await env.engine.run(vehicleWorkflow([vehicle], extra));
			expect(run.status).toBe('error');
			const error = run.nodeError('Node');
			expect(error.message).toMatch(/^Invalid input on item 0: /);
			expect(error.message).toMatch(message);
			expect(error.description).toMatch(/Nothing was sent for this item/);
			expect(env.sandbox.opscom.requests).toHaveLength(0);
		},
	);

	test('the item number in the message is the failing item, and no item is sent', async () => {
		const list = [car(1), car(2), car(3, { year: '3000 BC' })];
		const run = await env.engine.run(
			vehicleWorkflow(
				list,
				{ additionalFields: { year: '={{ $json.year ?? "" }}' } },
				{ options: { concurrency: 1 } },
			),
		);
		expect(run.nodeError('Node').message).toMatch(/^Invalid input on item 2: "Year"/);
		// Every item is read and checked before the first request: a bad row stops the run cleanly.
		expect(vehicles()).toEqual([]);
	});
});

describe('Vehicle → Create errors', () => {
	test('a plate OPSCOM already has for that province gives the readable 9012 message', async () => {
		expect((await env.engine.run(vehicleWorkflow([car(1)]))).status).toBe('success');
		const run = await env.engine.run(vehicleWorkflow([car(1, { plate: 'car-001' })], {}, noRetry));
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'OPSCOM error 9012: OPSCOM already has this vehicle: the plate is registered for this province or state',
		);
		expect(error.description).toBe('OPSCOM said: The vehicle is already in the database.');
		expect(error.context.itemIndex).toBe(0);
		expect(vehicles()).toHaveLength(1);
	});

	test('an unknown plate type is refused by OPSCOM with its own words', async () => {
		const run = await env.engine.run(
			vehicleWorkflow([car(1, { plateType: 'Spaceship' })], {}, noRetry),
		);
		const error = run.nodeError('Node');
		expect(error.message).toBe('OPSCOM error 9033: A field has a value OPSCOM does not accept');
		expect(error.description).toBe('OPSCOM said: The field plateType is invalid.');
	});

	test('continue on fail: one error item per failing input, paired with it; the others are created', async () => {
		env.sandbox.opscom.api.pushVehicle({ plate: 'CAR003', plateType: 'Passenger', prov: 'MA' });
		const list = [car(1), car(2, { year: '02' }), car(3), car(4)];
		const run = await env.engine.run(
			vehicleWorkflow(
				list,
				{ additionalFields: { year: '={{ $json.year ?? "" }}' } },
				{ continueOnFail: true, ...noRetry },
			),
		);
		expect(run.status).toBe('success');
		const items = run.items('Node');
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json).toMatchObject({ plate: 'CAR001', reference_id: expect.any(Number) });
		expect(items[1].json.error).toBe(
			'Invalid input on item 1: "Year" must be a four-digit year, e.g. 2021',
		);
		expect(items[1].json.details).toMatch(/Nothing was sent for this item/);
		expect(items[2].json.error).toBe(
			'OPSCOM error 9012: OPSCOM already has this vehicle: the plate is registered for this province or state',
		);
		expect(items[2].json.details).toBe('OPSCOM said: The vehicle is already in the database.');
		expect(items[3].json).toMatchObject({ plate: 'CAR004', reference_id: expect.any(Number) });
		expect(
			vehicles()
				.map((v) => v.plate)
				.sort(),
		).toEqual(['CAR001', 'CAR003', 'CAR004']);
	});

	test('a create whose answer was lost is not sent again, and the error says it may have taken effect', async () => {
		// OPSCOM stores the vehicle, then the connection drops before the answer.
		const seen = faultOnce(1, 'lostResponse');
		const run = await env.engine.run(vehicleWorkflow([car(1)], {}, { options: { maxRetries: 5 } }));
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		// In words: n8n would swap a raw ECONNRESET for its own "retry immediately" text.
		expect(error.message).toBe(
			'OPSCOM did not complete the request: connection failed (the connection was reset)',
		);
		expect(error.description).toMatch(
			/may have taken effect\. It was not sent again to avoid a duplicate/,
		);
		expect(error.context.itemIndex).toBe(0);
		expect(seen.count).toBe(1);
		expect(env.sandbox.opscom.requests).toHaveLength(1);
		expect(vehicles().map((v) => v.plate)).toEqual(['CAR001']);
	});

	test('a connection reset mid-request is not resent either: the node cannot know whether it arrived', async () => {
		const seen = faultOnce(1, 'reset');
		const run = await env.engine.run(vehicleWorkflow([car(1)], {}, { options: { maxRetries: 5 } }));
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').description).toMatch(/may have taken effect/);
		expect(seen.count).toBe(1);
		expect(vehicles()).toEqual([]);
	});

	test('with continue on fail, the lost create becomes an error item and the other vehicles go on', async () => {
		faultOnce(2, 'lostResponse');
		const list = [car(1), car(2), car(3)];
		const run = await env.engine.run(
			vehicleWorkflow(
				list,
				{},
				{ continueOnFail: true, options: { concurrency: 1, maxRetries: 5 } },
			),
		);
		expect(run.status).toBe('success');
		const items = run.items('Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/^OPSCOM did not complete the request/);
		expect(items[1].json.details).toMatch(/may have taken effect/);
		expect(items[2].json.reference_id).toBeDefined();
		// Three requests in all: the lost one was not repeated. OPSCOM has all three vehicles.
		expect(env.sandbox.opscom.requests).toHaveLength(3);
		expect(vehicles().map((v) => v.plate)).toEqual(['CAR001', 'CAR002', 'CAR003']);
	});

	test('a 503, which OPSCOM never acted on, is retried and the vehicle created once', async () => {
		const seen = faultOnce(1, 'error5xx');
		const run = await env.engine.run(vehicleWorkflow([car(1)], {}, { options: { maxRetries: 2 } }));
		expect(run.status).toBe('success');
		expect(seen.count).toBe(2);
		expect(vehicles()).toHaveLength(1);
	});

	test('the profile push, an upsert, is still resent after a lost answer', async () => {
		const seen = faultOnce(1, 'lostResponse');
		const run = await env.engine.run(pushWorkflow([person(1)], {}, { options: { maxRetries: 2 } }));
		expect(run.status).toBe('success');
		expect(seen.count).toBe(2);
		expect(env.sandbox.opscom.api.profiles.size).toBe(1);
	});
});
