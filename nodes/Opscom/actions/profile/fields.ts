import { ALWAYS, type Field, type RecordTable } from '../../../shared/fields';
import { digitsId, email, isoDate, regionCode, text } from '../../../shared/validation';

/** A user type or locker user type ID. */
const digits = (what: string) => digitsId(what, ': choose it from the list or give its ID');

/**
 * The OPSCOM profile attributes (shared/reference/OPSCOM.md): the node parameter, the JSON key
 * sent (the first-listed spelling, never the alias), where it sits in the editor and the
 * documented limit. OPSCOM has no read API, so every attribute is compared with what this
 * node last had confirmed (its state, see shared/state.ts).
 */
const fields: Field[] = [
	{
		name: 'uniqueId',
		key: 'unique_id',
		label: 'Unique ID',
		required: ALWAYS,
		compare: 'history',
		schema: text(50),
		description:
			"The person's permanent ID, e.g. a student or employee ID. OPSCOM creates the profile when the ID is new and updates it otherwise.",
	},
	{
		name: 'loginSource',
		key: 'login_source',
		label: 'Login Source',
		required: ALWAYS,
		compare: 'history',
		schema: text(20),
		editor: { default: 'OPSCOM' },
		description:
			'How the person signs in: OPSCOM for an OPSCOM password, or the code of an SSO login source configured in OPSCOM (e.g. SAML)',
	},
	{
		name: 'firstName',
		key: 'first_name',
		label: 'First Name',
		compare: 'history',
		schema: text(50),
		description: 'Required by OPSCOM when the person is new',
	},
	{
		name: 'lastName',
		key: 'last_name',
		label: 'Last Name',
		compare: 'history',
		schema: text(50),
		description: 'Required by OPSCOM when the person is new',
	},
	{
		name: 'email',
		key: 'email',
		label: 'Email',
		compare: 'history',
		schema: email(100),
		editor: { placeholder: 'name@email.com' },
		description: 'Required by OPSCOM when the person is new; must be unique in OPSCOM',
	},
	{
		name: 'userName',
		key: 'user_name',
		label: 'User Name',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Unique user name in OPSCOM',
	},
	{
		name: 'userTypeId',
		key: 'user_type_id',
		label: 'User Type Name or ID',
		collection: 'additionalFields',
		compare: 'history',
		schema: digits('user type'),
		editor: { type: 'options', typeOptions: { loadOptionsMethod: 'getUserTypes' } },
		description:
			'The person\'s user type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		name: 'studentNo',
		key: 'student_no',
		label: 'Student Number',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Student number from the student information system',
	},
	{
		name: 'studentPhone',
		key: 'student_phone',
		label: 'Student Phone',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Student phone number',
	},
	{
		name: 'employNo',
		key: 'employ_no',
		label: 'Employee Number',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Employee number from HR',
	},
	{
		name: 'employeePhone',
		key: 'employee_phone',
		label: 'Employee Phone',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(50),
		description: 'Employee phone number',
	},
	{
		name: 'phoneCell',
		key: 'phone_cell',
		label: 'Cell Phone',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(20),
		description: 'Cell phone number, e.g. 613-555-1212',
	},
	{
		name: 'dateOfBirth',
		key: 'date_of_birth',
		label: 'Date of Birth',
		collection: 'additionalFields',
		compare: 'history',
		schema: isoDate(),
		editor: { type: 'dateTime' },
		description: 'Sent to OPSCOM as YYYY-MM-DD',
	},
	{
		name: 'driverLicenceNum',
		key: 'driver_licence_num',
		label: 'Driver Licence Number',
		collection: 'additionalFields',
		compare: 'history',
		schema: text(255),
		description: "Driver's licence number",
	},
	{
		name: 'driverLicenceProv',
		key: 'driver_licence_prov',
		label: 'Driver Licence Province/State',
		collection: 'additionalFields',
		compare: 'history',
		schema: regionCode(),
		description:
			'Two-letter abbreviation of the province or state that issued the licence, e.g. ON or MA',
	},
	{
		name: 'lockerUserTypeId',
		key: 'locker_user_type_id',
		label: 'Locker User Type ID',
		collection: 'additionalFields',
		compare: 'history',
		schema: digits('locker user type'),
		description: "ID of the person's locker user type in OPSCOM",
	},
	...address('address', ''),
	...address('alternateAddress', '2'),
];

/** The street, city, province/state and postal code of one address; the alternate one's keys end in 2. */
function address(collection: string, suffix: string): Field[] {
	return [
		{
			name: `street${suffix}`,
			key: `street${suffix}`,
			label: 'Street',
			collection,
			// OPSCOM documents no limit for street and 20 for street2, which looks like a slip: not enforced.
			compare: 'history',
			schema: text(),
			description: 'Street number and name',
		},
		{
			name: `city${suffix}`,
			key: `city${suffix}`,
			label: 'City',
			collection,
			compare: 'history',
			schema: text(50),
			description: 'City',
		},
		{
			name: `province${suffix}`,
			key: `province${suffix}`,
			label: 'Province/State',
			collection,
			compare: 'history',
			schema: regionCode(),
			description: 'Two-letter postal abbreviation, e.g. MA or BC',
		},
		{
			name: `postalCode${suffix}`,
			key: `postal_code${suffix}`,
			label: 'Postal/Zip Code',
			collection,
			compare: 'history',
			schema: text(20),
			description: 'Postal or zip code',
		},
	];
}

export const PROFILE: RecordTable = {
	fields,
	// A push outputs OPSCOM's reference_id and what was pushed, under OPSCOM's keys.
	id: { name: 'reference_id', read: 'reference_id' },
	output: 'sent',
	collections: [
		{ name: 'additionalFields', displayName: 'Additional Fields' },
		{
			name: 'address',
			displayName: 'Primary Address',
			placeholder: 'Add Address Field',
			labelPrefix: 'Primary Address › ',
		},
		{
			name: 'alternateAddress',
			displayName: 'Alternate Address',
			placeholder: 'Add Address Field',
			labelPrefix: 'Alternate Address › ',
		},
	],
};
