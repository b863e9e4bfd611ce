import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationContext } from '../../../shared/operation';
import {
	asText,
	compact,
	email,
	isoDate,
	regionCode,
	requiredText,
	text,
	validateItem,
} from '../../../shared/validation';
import { opscomRequest } from '../../transport';
import { groupProperties, PROFILE_FIELDS, type ProfileField } from './fields';

const displayOptions = { show: { resource: ['profile'], operation: ['createOrUpdate'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Unique ID',
		name: 'uniqueId',
		type: 'string',
		required: true,
		default: '',
		displayOptions,
		description:
			"The person's permanent ID, e.g. a student or employee ID. OPSCOM creates the profile when the ID is new and updates it otherwise.",
	},
	{
		displayName: 'Login Source',
		name: 'loginSource',
		type: 'string',
		required: true,
		default: 'OPSCOM',
		displayOptions,
		description:
			'How the person signs in: OPSCOM for an OPSCOM password, or the code of an SSO login source configured in OPSCOM (e.g. SAML)',
	},
	...groupProperties('main').map((property) => ({ ...property, displayOptions })),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: groupProperties('additionalFields'),
	},
	{
		displayName: 'Primary Address',
		name: 'address',
		type: 'collection',
		placeholder: 'Add Address Field',
		default: {},
		displayOptions,
		options: groupProperties('address'),
	},
	{
		displayName: 'Alternate Address',
		name: 'alternateAddress',
		type: 'collection',
		placeholder: 'Add Address Field',
		default: {},
		displayOptions,
		options: groupProperties('alternateAddress'),
	},
];

const digits = (what: string) =>
	z.preprocess(
		asText,
		z
			.string()
			.regex(/^\d+$/, `must be a ${what} ID (digits only): choose it from the list or give its ID`),
	);

function fieldSchema(field: ProfileField): z.ZodTypeAny {
	switch (field.kind) {
		case 'email':
			return email(field.max);
		case 'date':
			return isoDate();
		case 'region':
			return regionCode();
		case 'userType':
			return digits('user type');
		case 'id':
			return digits('locker user type');
		default:
			return text(field.max);
	}
}

const profileSchema = z.object({
	uniqueId: requiredText(50),
	loginSource: requiredText(20),
	...Object.fromEntries(PROFILE_FIELDS.map((field) => [field.name, fieldSchema(field).optional()])),
});

const GROUP_LABELS = {
	main: '',
	additionalFields: '',
	address: 'Primary Address › ',
	alternateAddress: 'Alternate Address › ',
};
const labels: Record<string, string> = {
	uniqueId: 'Unique ID',
	loginSource: 'Login Source',
	...Object.fromEntries(
		PROFILE_FIELDS.map((field) => [field.name, GROUP_LABELS[field.section] + field.displayName]),
	),
};

/** Reads and validates one person (synchronous, so the runner can overlap it with requests). */
export function read(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const input = compact({
		uniqueId: this.getNodeParameter('uniqueId', itemIndex),
		loginSource: this.getNodeParameter('loginSource', itemIndex),
		firstName: this.getNodeParameter('firstName', itemIndex, ''),
		lastName: this.getNodeParameter('lastName', itemIndex, ''),
		email: this.getNodeParameter('email', itemIndex, ''),
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		...(this.getNodeParameter('address', itemIndex, {}) as IDataObject),
		...(this.getNodeParameter('alternateAddress', itemIndex, {}) as IDataObject),
	});
	const profile = validateItem(this, profileSchema, input, itemIndex, labels) as Record<
		string,
		string | undefined
	>;

	const body: IDataObject = { unique_id: profile.uniqueId, login_source: profile.loginSource };
	for (const field of PROFILE_FIELDS) {
		if (profile[field.name] !== undefined) body[field.key] = profile[field.name];
	}
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
	body: IDataObject,
): Promise<IDataObject> {
	const response = await opscomRequest(this, 'profiles/push', body, { policy, itemIndex });
	return { reference_id: response.reference_id, ...body };
}
