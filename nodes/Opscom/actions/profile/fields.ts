import type { INodeProperties } from 'n8n-workflow';

/**
 * The OPSCOM profile attributes (shared/reference/OPSCOM.md): for each, the node
 * parameter, the JSON key sent (the first-listed spelling, never the alias), where it
 * sits in the editor and the documented limit. The field table is the request mapping.
 */
export interface ProfileField {
	name: string;
	key: string;
	displayName: string;
	section: 'main' | 'additionalFields' | 'address' | 'alternateAddress';
	kind: 'text' | 'email' | 'date' | 'region' | 'userType' | 'id';
	max?: number;
	description: string;
}

export const PROFILE_FIELDS: ProfileField[] = [
	{
		name: 'firstName',
		key: 'first_name',
		displayName: 'First Name',
		section: 'main',
		kind: 'text',
		max: 50,
		description: 'Required by OPSCOM when the person is new',
	},
	{
		name: 'lastName',
		key: 'last_name',
		displayName: 'Last Name',
		section: 'main',
		kind: 'text',
		max: 50,
		description: 'Required by OPSCOM when the person is new',
	},
	{
		name: 'email',
		key: 'email',
		displayName: 'Email',
		section: 'main',
		kind: 'email',
		max: 100,
		description: 'Required by OPSCOM when the person is new; must be unique in OPSCOM',
	},
	{
		name: 'userName',
		key: 'user_name',
		displayName: 'User Name',
		section: 'additionalFields',
		kind: 'text',
		max: 50,
		description: 'Unique user name in OPSCOM',
	},
	{
		name: 'userTypeId',
		key: 'user_type_id',
		displayName: 'User Type Name or ID',
		section: 'additionalFields',
		kind: 'userType',
		description:
			'The person\'s user type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		name: 'studentNo',
		key: 'student_no',
		displayName: 'Student Number',
		section: 'additionalFields',
		kind: 'text',
		max: 50,
		description: 'Student number from the student information system',
	},
	{
		name: 'studentPhone',
		key: 'student_phone',
		displayName: 'Student Phone',
		section: 'additionalFields',
		kind: 'text',
		max: 50,
		description: 'Student phone number',
	},
	{
		name: 'employNo',
		key: 'employ_no',
		displayName: 'Employee Number',
		section: 'additionalFields',
		kind: 'text',
		max: 50,
		description: 'Employee number from HR',
	},
	{
		name: 'employeePhone',
		key: 'employee_phone',
		displayName: 'Employee Phone',
		section: 'additionalFields',
		kind: 'text',
		max: 50,
		description: 'Employee phone number',
	},
	{
		name: 'phoneCell',
		key: 'phone_cell',
		displayName: 'Cell Phone',
		section: 'additionalFields',
		kind: 'text',
		max: 20,
		description: 'Cell phone number, e.g. 613-555-1212',
	},
	{
		name: 'dateOfBirth',
		key: 'date_of_birth',
		displayName: 'Date of Birth',
		section: 'additionalFields',
		kind: 'date',
		description: 'Sent to OPSCOM as YYYY-MM-DD',
	},
	{
		name: 'driverLicenceNum',
		key: 'driver_licence_num',
		displayName: 'Driver Licence Number',
		section: 'additionalFields',
		kind: 'text',
		max: 255,
		description: "Driver's licence number",
	},
	{
		name: 'driverLicenceProv',
		key: 'driver_licence_prov',
		displayName: 'Driver Licence Province/State',
		section: 'additionalFields',
		kind: 'region',
		description:
			'Two-letter abbreviation of the province or state that issued the licence, e.g. ON or MA',
	},
	{
		name: 'lockerUserTypeId',
		key: 'locker_user_type_id',
		displayName: 'Locker User Type ID',
		section: 'additionalFields',
		kind: 'id',
		description: "ID of the person's locker user type in OPSCOM",
	},
	{
		name: 'street',
		key: 'street',
		displayName: 'Street',
		section: 'address',
		kind: 'text',
		description: 'Street number and name',
	},
	{
		name: 'city',
		key: 'city',
		displayName: 'City',
		section: 'address',
		kind: 'text',
		max: 50,
		description: 'City',
	},
	{
		name: 'province',
		key: 'province',
		displayName: 'Province/State',
		section: 'address',
		kind: 'region',
		description: 'Two-letter postal abbreviation, e.g. MA or BC',
	},
	{
		name: 'postalCode',
		key: 'postal_code',
		displayName: 'Postal/Zip Code',
		section: 'address',
		kind: 'text',
		max: 20,
		description: 'Postal or zip code',
	},
	{
		name: 'street2',
		key: 'street2',
		displayName: 'Street',
		section: 'alternateAddress',
		kind: 'text',
		description: 'Street number and name',
	},
	{
		name: 'city2',
		key: 'city2',
		displayName: 'City',
		section: 'alternateAddress',
		kind: 'text',
		max: 50,
		description: 'City',
	},
	{
		name: 'province2',
		key: 'province2',
		displayName: 'Province/State',
		section: 'alternateAddress',
		kind: 'region',
		description: 'Two-letter postal abbreviation, e.g. MA or BC',
	},
	{
		name: 'postalCode2',
		key: 'postal_code2',
		displayName: 'Postal/Zip Code',
		section: 'alternateAddress',
		kind: 'text',
		max: 20,
		description: 'Postal or zip code',
	},
];

function toProperty(field: ProfileField): INodeProperties {
	const base = { displayName: field.displayName, name: field.name, description: field.description };
	switch (field.kind) {
		case 'date':
			return { ...base, type: 'dateTime', default: '' };
		case 'userType':
			return {
				...base,
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUserTypes' },
				default: '',
			};
		case 'email':
			return { ...base, type: 'string', placeholder: 'name@email.com', default: '' };
		default:
			return { ...base, type: 'string', default: '' };
	}
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) =>
	a.displayName.localeCompare(b.displayName);

/** The editor fields of one group, sorted as n8n sorts collection options. */
export function groupProperties(section: ProfileField['section']): INodeProperties[] {
	const properties = PROFILE_FIELDS.filter((field) => field.section === section).map(toProperty);
	return section === 'main' ? properties : properties.sort(byDisplayName);
}
