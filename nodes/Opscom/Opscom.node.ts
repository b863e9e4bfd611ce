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
import { OPSCOM } from './transport';
import { profileDescription, profileOperations } from './actions/profile';
import { userTypeDescription, userTypeOperations } from './actions/userType';
import { vehicleDescription, vehicleOperations } from './actions/vehicle';
import { getUserTypes } from './methods/loadOptions';
import { PROFILE } from './actions/profile/fields';
import { VEHICLE } from './actions/vehicle/fields';
import { mappingFields } from '../shared/mapping';

const operations: OperationMap = {
	profile: profileOperations,
	userType: userTypeOperations,
	vehicle: vehicleOperations,
};

export class Opscom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSCOM',
		name: 'opscom',
		icon: { light: 'file:../../icons/opscom.svg', dark: 'file:../../icons/opscom.dark.svg' },
		group: ['output'],
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Push people and vehicles to OPSCOM (OperationsCommander) parking and security',
		defaults: { name: 'OPSCOM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opscomApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Profile', value: 'profile' },
					{ name: 'User Type', value: 'userType' },
					{ name: 'Vehicle', value: 'vehicle' },
				],
				default: 'profile',
			},
			...profileDescription,
			...userTypeDescription,
			...vehicleDescription,
			optionsDescription(operations),
		],
	};

	methods = {
		loadOptions: scrubbedMethods(OPSCOM, { getUserTypes }),
		resourceMapping: scrubbedMethods(OPSCOM, {
			getProfileFields: mappingFields(PROFILE, { getUserTypes }),
			getVehicleFields: mappingFields(VEHICLE),
		}),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, OPSCOM, operations);
	}
}
