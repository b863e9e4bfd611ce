const { useSandbox } = require('../../helpers');
const { TYPE, logins } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT dropdowns', () => {
	test('user groups load by name, valued by id', async () => {
		const options = await env.engine.loadOptions(TYPE, 'getUserGroups');
		expect(options).toEqual([
			{ name: 'Administrators', value: 1 },
			{ name: 'Detectives', value: 3 },
			{ name: 'Investigators', value: 2 },
			{ name: 'Victim Advocates', value: 7 },
		]);
	});

	test('rooms load by name, valued by id, and follow changes on the server', async () => {
		env.sandbox.valt.api.rooms.set(12, { id: 12, name: 'Annex Room', is_io: false, cameras: [] });
		const options = await env.engine.loadOptions(TYPE, 'getRooms');
		expect(options).toEqual([
			{ name: 'Annex Room', value: 12 },
			{ name: 'Interview Room A', value: 37 },
			{ name: 'Interview Room B', value: 39 },
			{ name: 'Soft Room', value: 43 },
		]);
		expect(logins(env.sandbox)).toBe(1);
	});

	test('every dropdown field of the node is wired to a method that exists', () => {
		const { loaded } = require('../../engine');
		const node = loaded.nodes[TYPE];
		const methods = new Set(Object.keys(node.methods.loadOptions));
		const wired = [];
		const visit = (properties) => {
			for (const property of properties) {
				if (property.typeOptions?.loadOptionsMethod)
					wired.push(property.typeOptions.loadOptionsMethod);
				if (property.options) visit(property.options.filter((option) => option.displayName));
			}
		};
		visit(node.description.properties);
		expect(new Set(wired)).toEqual(new Set(['getUserGroups', 'getRooms']));
		for (const method of wired) expect(methods.has(method)).toBe(true);
	});

	test('a wrong password makes the dropdown fail with the login message', async () => {
		env.engine.store.ivsValtApi.password = 'not-it';
		await expect(env.engine.loadOptions(TYPE, 'getRooms')).rejects.toThrow(
			'IVS VALT rejected the user name or password: check User Name and Password in the IVS VALT credential',
		);
	});
});
