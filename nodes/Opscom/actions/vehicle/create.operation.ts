import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationContext } from '../../../shared/operation';
import { asText, compact, requiredText, text, validateItem } from '../../../shared/validation';
import { opscomRequest } from '../../transport';

const displayOptions = { show: { resource: ['vehicle'], operation: ['create'] } };
const shownWhen = (switchName: string, value: string) => ({
	show: { ...displayOptions.show, [switchName]: [value] },
});

/**
 * The optional vehicle attributes (vendor page "Push API: Vehicle Create"): the node
 * parameter, the JSON key sent and the documented limit. Make and type may be given by
 * name or by the ID of the OPSCOM record, not both.
 */
interface VehicleField {
	name: string;
	key: string;
	displayName: string;
	kind: 'text' | 'id' | 'year';
	max?: number;
	description: string;
}

const ADDITIONAL_FIELDS: VehicleField[] = [
	{
		name: 'colour',
		key: 'colour',
		displayName: 'Colour',
		kind: 'text',
		description: 'Colour of the vehicle, e.g. red',
	},
	{
		name: 'make',
		key: 'make',
		displayName: 'Make',
		kind: 'text',
		max: 50,
		description: 'Name of the manufacturer, e.g. Kia. Give Make or Make ID, not both.',
	},
	{
		name: 'makeId',
		key: 'makeID',
		displayName: 'Make ID',
		kind: 'id',
		description: 'ID of the vehicle make in OPSCOM. Give Make or Make ID, not both.',
	},
	{
		name: 'type',
		key: 'type',
		displayName: 'Type',
		kind: 'text',
		description: 'Vehicle type, e.g. commercial. Give Type or Type ID, not both.',
	},
	{
		name: 'typeId',
		key: 'typeID',
		displayName: 'Type ID',
		kind: 'id',
		description: 'ID of the vehicle type in OPSCOM. Give Type or Type ID, not both.',
	},
	{
		name: 'vin',
		key: 'vin',
		displayName: 'VIN',
		kind: 'text',
		description: 'Vehicle identification number, e.g. 8GKS1AKC7FR518845',
	},
	{
		name: 'year',
		key: 'year',
		displayName: 'Year',
		kind: 'year',
		description: 'Model year, four digits, e.g. 2021',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Plate',
		name: 'plate',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. PL8RDR',
		displayOptions,
		description:
			'The licence plate. OPSCOM refuses a plate it already has for the same province or state.',
	},
	{
		displayName: 'Plate Type By',
		name: 'plateTypeBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id', description: 'The ID of the plate type record in OPSCOM' },
			{ name: 'Name', value: 'name', description: 'The name of the plate type, e.g. Motorcycle' },
		],
		default: 'name',
		displayOptions,
		description: 'Whether to give the plate type by its name or by its ID in OPSCOM',
	},
	{
		displayName: 'Plate Type',
		name: 'plateType',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Motorcycle',
		displayOptions: shownWhen('plateTypeBy', 'name'),
		description: 'Name of the plate type as defined in OPSCOM',
	},
	{
		displayName: 'Plate Type ID',
		name: 'plateTypeId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: shownWhen('plateTypeBy', 'id'),
		description: 'ID of the plate type record in OPSCOM',
	},
	{
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
		displayOptions,
		description: 'Whether to give the province or state that issued the plate by name or by ID',
	},
	{
		displayName: 'Province/State',
		name: 'prov',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. MA',
		displayOptions: shownWhen('provBy', 'name'),
		description:
			'Province or state that issued the plate: its postal abbreviation (e.g. MA, ON) or its full name',
	},
	{
		displayName: 'Province/State ID',
		name: 'provId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: shownWhen('provBy', 'id'),
		description: 'ID of the province or state in OPSCOM',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: ADDITIONAL_FIELDS.map(({ displayName, name, description }) => ({
			displayName,
			name,
			type: 'string',
			default: '',
			description,
		})),
	},
];

/** An OPSCOM record ID: digits, given as a number or as text. */
const recordId = (what: string) =>
	z.preprocess(
		asText,
		z
			.string({ required_error: 'is required', invalid_type_error: `must be a ${what} ID` })
			.trim()
			.min(1, 'is required: it cannot be empty')
			.regex(/^\d+$/, `must be a ${what} ID (digits only), e.g. 3`),
	);

const year = () => text().pipe(z.string().regex(/^\d{4}$/, 'must be a four-digit year, e.g. 2021'));

function fieldSchema(field: VehicleField): z.ZodTypeAny {
	switch (field.kind) {
		case 'id':
			return recordId(field.displayName.replace(/ ID$/, '').toLowerCase());
		case 'year':
			return year();
		default:
			return text(field.max);
	}
}

/** The editor labels, for validation messages. */
const labels: Record<string, string> = {
	plate: 'Plate',
	plateType: 'Plate Type',
	plateTypeId: 'Plate Type ID',
	prov: 'Province/State',
	provId: 'Province/State ID',
	...Object.fromEntries(ADDITIONAL_FIELDS.map((field) => [field.name, field.displayName])),
};

/** Each pair is one attribute given by name or by ID: at most one of them is sent. */
const EITHER_OR: Array<[string, string]> = [
	['make', 'makeId'],
	['type', 'typeId'],
];

/** One schema per choice of the two switches: only the chosen field of each pair is required. */
const schemas = new Map<string, z.ZodTypeAny>();
function vehicleSchema(plateTypeBy: string, provBy: string): z.ZodTypeAny {
	const cacheKey = `${plateTypeBy}/${provBy}`;
	const cached = schemas.get(cacheKey);
	if (cached) return cached;
	const schema = z
		.object({
			plate: requiredText(50),
			...(plateTypeBy === 'id'
				? { plateTypeId: recordId('plate type') }
				: { plateType: requiredText(50) }),
			...(provBy === 'id' ? { provId: recordId('province/state') } : { prov: requiredText(50) }),
			...Object.fromEntries(
				ADDITIONAL_FIELDS.map((field) => [field.name, fieldSchema(field).optional()]),
			),
		})
		.superRefine((vehicle: Record<string, unknown>, ctx) => {
			for (const [byName, byId] of EITHER_OR) {
				if (vehicle[byName] !== undefined && vehicle[byId] !== undefined) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: [byId],
						message: `cannot be given together with "${labels[byName]}": give one of them`,
					});
				}
			}
		});
	schemas.set(cacheKey, schema);
	return schema;
}

/** The JSON key OPSCOM expects for each validated field. */
const KEYS: Record<string, string> = {
	plate: 'plate',
	plateType: 'plateType',
	plateTypeId: 'plateTypeID',
	prov: 'prov',
	provId: 'provID',
	...Object.fromEntries(ADDITIONAL_FIELDS.map((field) => [field.name, field.key])),
};

/** Reads and validates one vehicle (synchronous, so the runner can overlap it with requests). */
export function read(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const plateTypeBy = this.getNodeParameter('plateTypeBy', itemIndex, 'name') as string;
	const provBy = this.getNodeParameter('provBy', itemIndex, 'name') as string;
	const plateTypeField = plateTypeBy === 'id' ? 'plateTypeId' : 'plateType';
	const provField = provBy === 'id' ? 'provId' : 'prov';
	// Only the field the switch shows is read, so a value left in the other one is never sent.
	const input = compact({
		plate: this.getNodeParameter('plate', itemIndex),
		[plateTypeField]: this.getNodeParameter(plateTypeField, itemIndex, ''),
		[provField]: this.getNodeParameter(provField, itemIndex, ''),
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	});
	const vehicle = validateItem(
		this,
		vehicleSchema(plateTypeBy, provBy),
		input,
		itemIndex,
		labels,
	) as Record<string, string | undefined>;

	const body: IDataObject = {};
	for (const [name, key] of Object.entries(KEYS)) {
		// A value that was only spaces is trimmed to '' and, like an empty field, not sent.
		if (vehicle[name] !== undefined && vehicle[name] !== '') body[key] = vehicle[name];
	}
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
	body: IDataObject,
): Promise<IDataObject> {
	// A create, not an upsert, and OPSCOM documents no way to look a vehicle up: after a
	// dropped connection it is not sent again, and the error says it may have been created.
	const response = await opscomRequest(this, 'vehicles/push', body, {
		policy,
		itemIndex,
		idempotent: false,
	});
	return response.reference_id === undefined
		? { ...body }
		: { reference_id: response.reference_id, ...body };
}
