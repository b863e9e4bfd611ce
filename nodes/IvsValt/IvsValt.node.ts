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
import { VALT } from './transport';
import { roomDescription, roomOperations } from './actions/room';
import { userDescription, userOperations } from './actions/user';
import { userGroupDescription, userGroupOperations } from './actions/userGroup';
import { searchRooms, searchUserGroups, searchUsers } from './methods/listSearch';
import { getRooms, getUserGroups } from './methods/loadOptions';
import { USER } from './actions/user/fields';
import { mappingFields } from '../shared/mapping';

const operations: OperationMap = {
	user: userOperations,
	userGroup: userGroupOperations,
	room: roomOperations,
};

export class IvsValt implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IVS VALT',
		name: 'ivsValt',
		icon: { light: 'file:../../icons/valt.svg', dark: 'file:../../icons/valt.dark.svg' },
		group: ['output'],
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage users of an IVS VALT interview-room video system',
		defaults: { name: 'IVS VALT' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ivsValtApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Room', value: 'room' },
					{ name: 'User', value: 'user' },
					{ name: 'User Group', value: 'userGroup' },
				],
				default: 'user',
			},
			...userDescription,
			...userGroupDescription,
			...roomDescription,
			optionsDescription(operations),
		],
	};

	methods = {
		loadOptions: scrubbedMethods(VALT, { getRooms, getUserGroups }),
		resourceMapping: scrubbedMethods(VALT, {
			getUserFields: mappingFields(USER, { getUserGroups }),
		}),
		listSearch: scrubbedMethods(VALT, { searchRooms, searchUserGroups, searchUsers }),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, VALT, operations);
	}
}
