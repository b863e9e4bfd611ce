const { useSandbox } = require('../../helpers');
const { DANA, INTEGRATOR, JACOB, NOEL } = require('./rcams.fixtures');

const env = useSandbox();
const RCAMS = 'n8n-nodes-campus-safety.rcams';

describe('RCAMS User picker (resource locator "From list")', () => {
	test('lists every user by full name and email, valued by token', async () => {
		const { results } = await env.engine.listSearch(RCAMS, 'searchUsers', '');
		expect(results).toEqual([
			{ name: 'Campus Integration (integrations@rcams.example)', value: INTEGRATOR },
			{ name: 'Dana Whitfield (dana.whitfield@rcams.example)', value: DANA },
			{ name: 'Jacob Mata (jacob.mata@rcams.example)', value: JACOB },
			{ name: 'Noel Vanegas (noel.vanegas@rcams.example)', value: NOEL },
		]);
	});

	test('filters by name, case-insensitively', async () => {
		const { results } = await env.engine.listSearch(RCAMS, 'searchUsers', 'MATA');
		expect(results.map((r) => r.value)).toEqual([JACOB]);
	});

	test('filters by email', async () => {
		const { results } = await env.engine.listSearch(RCAMS, 'searchUsers', 'noel.vanegas@');
		expect(results.map((r) => r.value)).toEqual([NOEL]);
	});

	test('a wrong credential surfaces the vendor message', async () => {
		env.engine.store.rcamsApi.password = 'wrong';
		await expect(env.engine.listSearch(RCAMS, 'searchUsers', '')).rejects.toThrow(
			'RCAMS: Invalid API credentials',
		);
	});
});

describe('RCAMS Districts dropdown (loadOptions)', () => {
	test('loads the districts by name, valued by numeric id', async () => {
		const options = await env.engine.loadOptions(RCAMS, 'getDistricts');
		expect(options).toEqual([
			{ name: 'North County School District', value: 1 },
			{ name: 'Riverside Unified School District', value: 2 },
			{ name: 'Lakeview Independent School District', value: 3 },
			{ name: 'Mountain View School District', value: 4 },
		]);
		expect(env.sandbox.rcams.requests[0].json).toEqual({ action: 'list' });
		expect(env.sandbox.rcams.requests[0].path).toBe('/api/v2/district.php');
	});
});
