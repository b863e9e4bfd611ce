import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { ALWAYS, type Field, type RecordTable } from '../../../shared/fields';
import { digitsId, text } from '../../../shared/validation';

/** The ID of a plate type, province, make or type record. */
const recordId = (what: string) => digitsId(what, ', e.g. 3');

const year = () => text().pipe(z.string().regex(/^\d{4}$/, 'must be a four-digit year, e.g. 2021'));

const byName = (parameter: string) => ({ parameter, value: 'name' });
const byId = (parameter: string) => ({ parameter, value: 'id' });

/**
 * The vehicle attributes (vendor page "Push API: Vehicle Create"): the node parameter, the
 * JSON key sent and the documented limit. Plate type and province/state are given by name or
 * by the ID of the OPSCOM record, as the switch before them says; make and type likewise, but
 * as two optional fields of which at most one may be filled. OPSCOM has no read API, so a
 * change could only ever be seen against what this node sent (`history`).
 */
const fields: Field[] = [
	{
		name: 'plate',
		key: 'plate',
		label: 'Plate',
		required: ALWAYS,
		compare: 'history',
		schema: text(50),
		editor: { placeholder: 'e.g. PL8RDR' },
		description:
			'The licence plate. OPSCOM refuses a plate it already has for the same province or state.',
	},
	{
		name: 'plateType',
		key: 'plateType',
		label: 'Plate Type',
		required: ALWAYS,
		showWhen: byName('plateTypeBy'),
		compare: 'history',
		schema: text(50),
		editor: { placeholder: 'e.g. Motorcycle' },
		description: 'Name of the plate type as defined in OPSCOM',
	},
	{
		name: 'plateTypeId',
		key: 'plateTypeID',
		label: 'Plate Type ID',
		required: ALWAYS,
		showWhen: byId('plateTypeBy'),
		compare: 'history',
		schema: recordId('plate type'),
		description: 'ID of the plate type record in OPSCOM',
	},
	{
		name: 'prov',
		key: 'prov',
		label: 'Province/State',
		required: ALWAYS,
		showWhen: byName('provBy'),
		compare: 'history',
		schema: text(50),
		editor: { placeholder: 'e.g. MA' },
		description:
			'Province or state that issued the plate: its postal abbreviation (e.g. MA, ON) or its full name',
	},
	{
		name: 'provId',
		key: 'provID',
		label: 'Province/State ID',
		required: ALWAYS,
		showWhen: byId('provBy'),
		compare: 'history',
		schema: recordId('province/state'),
		description: 'ID of the province or state in OPSCOM',
	},
	{
		name: 'colour',
		key: 'colour',
		label: 'Colour',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(),
		description: 'Colour of the vehicle, e.g. red',
	},
	{
		name: 'make',
		key: 'make',
		label: 'Make',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Name of the manufacturer, e.g. Kia. Give Make or Make ID, not both.',
	},
	{
		name: 'makeId',
		key: 'makeID',
		label: 'Make ID',
		collection: 'additionalFields',
		compare: 'history',
		schema: recordId('make'),
		description: 'ID of the vehicle make in OPSCOM. Give Make or Make ID, not both.',
	},
	{
		name: 'type',
		key: 'type',
		label: 'Type',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(),
		description: 'Vehicle type, e.g. commercial. Give Type or Type ID, not both.',
	},
	{
		name: 'typeId',
		key: 'typeID',
		label: 'Type ID',
		collection: 'additionalFields',
		compare: 'history',
		schema: recordId('type'),
		description: 'ID of the vehicle type in OPSCOM. Give Type or Type ID, not both.',
	},
	{
		name: 'vin',
		key: 'vin',
		label: 'VIN',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(),
		description: 'Vehicle identification number, e.g. 8GKS1AKC7FR518845',
	},
	{
		name: 'year',
		key: 'year',
		label: 'Year',
		collection: 'additionalFields',
		compare: 'history',
		schema: year(),
		description: 'Model year, four digits, e.g. 2021',
	},
];

export const VEHICLE: RecordTable = {
	fields,
	id: { name: 'reference_id', read: 'reference_id' },
	output: 'sent',
	collections: [{ name: 'additionalFields', displayName: 'Additional Fields' }],
	exclusive: [
		['make', 'makeId'],
		['type', 'typeId'],
	],
};

/** The "by name or ID" switches, placed before the first field they choose between. */
export const VEHICLE_SWITCHES: Record<string, INodeProperties> = {
	plateType: {
		displayName: 'Plate Type By',
		name: 'plateTypeBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id', description: 'The ID of the plate type record in OPSCOM' },
			{ name: 'Name', value: 'name', description: 'The name of the plate type, e.g. Motorcycle' },
		],
		default: 'name',
		description: 'Whether to give the plate type by its name or by its ID in OPSCOM',
	},
	prov: {
		displayName: 'Province/State By',
		name: 'provBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id', description: 'The ID of the province or state in OPSCOM' },
			{
				name: 'Name or Abbreviation',
				value: 'name',
				description: 'The postal abbreviation (MA) or full name (Massachusetts)',
			},
		],
		default: 'name',
		description: 'Whether to give the province or state that issued the plate by name or by ID',
	},
};
