const { useSandbox } = require('../../helpers');
const { valtWorkflow } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT Room', () => {
	test('Get Many lists the rooms with their cameras', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'room', operation: 'getAll', returnAll: true }),
		);
		const rooms = run.json('Node');
		expect(rooms.map((room) => room.name)).toEqual([
			'Interview Room A',
			'Interview Room B',
			'Soft Room',
		]);
		expect(rooms[1].cameras).toHaveLength(2);
		const one = await env.engine.run(
			valtWorkflow({ resource: 'room', operation: 'getAll', limit: 1 }),
		);
		expect(one.json('Node').map((room) => room.id)).toEqual([37]);
	});

	test('Get returns one room; unknown and non-integer ids fail clearly', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'room', operation: 'get', roomId: '={{ 39 }}' }),
		);
		expect(run.json('Node')[0]).toMatchObject({ id: 39, name: 'Interview Room B', is_io: true });
		const missing = await env.engine.run(
			valtWorkflow({ resource: 'room', operation: 'get', roomId: '5' }),
		);
		expect(missing.nodeError('Node').message).toBe('Room 5 was not found in IVS VALT');
		const bad = await env.engine.run(
			valtWorkflow({ resource: 'room', operation: 'get', roomId: 'Soft Room' }),
		);
		expect(bad.nodeError('Node').message).toBe(
			'Invalid input on item 0: "Room ID" must be a whole-number ID, e.g. 7',
		);
	});
});
