import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { OperationMap } from '../shared/operation';
import { runOperations } from '../shared/runOperations';
import { scrubbedMethods } from '../shared/scrub';
import { optionsDescription } from '../shared/settings';
import { RCAMS } from './transport';
import { accountDescription, accountOperations } from './actions/account';
import { districtDescription, districtOperations } from './actions/district';
import { userDescription, userOperations } from './actions/user';
import { searchUsers } from './methods/listSearch';
import { getDistricts } from './methods/loadOptions';
import { GRANT, GRANT_MAPPING, ROSTER, ROSTER_MAPPING, USER } from './actions/user/fields';
import { mappingFields } from '../shared/mapping';

/** The node's outputs, as an expression n8n evaluates on the node's parameters. */
const HELD_OUTPUTS = `$parameter.operation === "removeLeavers" && $parameter.whenGuardTrips === "hold" ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Removed" }, { type: "${NodeConnectionTypes.Main}", displayName: "Held for Approval" }] : ["${NodeConnectionTypes.Main}"]`;
const operations: OperationMap = {
	account: accountOperations,
	district: districtOperations,
	user: userOperations,
};

export class Rcams implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RCAMS',
		name: 'rcams',
		icon: { light: 'file:../../icons/rcams.svg', dark: 'file:../../icons/rcams.dark.svg' },
		group: ['output'],
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage users and their district access in RCAMS (Raptor Campus Alert Management)',
		defaults: { name: 'RCAMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Remove Leavers set to "Hold for Approval" has a second output; every other operation one.
		outputs: `={{ ${HELD_OUTPUTS} }}`,
		credentials: [{ name: 'rcamsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'District', value: 'district' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...accountDescription,
			...districtDescription,
			...userDescription,
			optionsDescription(operations),
		],
	};

	methods = {
		listSearch: scrubbedMethods(RCAMS, { searchUsers }),
		loadOptions: scrubbedMethods(RCAMS, { getDistricts }),
		resourceMapping: scrubbedMethods(RCAMS, {
			getUserFields: mappingFields(USER),
			[ROSTER_MAPPING]: mappingFields(ROSTER),
			[GRANT_MAPPING]: mappingFields(GRANT),
		}),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, RCAMS, operations);
	}
}
