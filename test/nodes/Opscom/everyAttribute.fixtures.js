/**
 * Every attribute OPSCOM's Create or Update offers, mapped from a roster written in OPSCOM's own
 * keys: the editor field (node parameter) → the key OPSCOM stores. The settle and replace tests
 * use all of them, and check that this list covers every field the editor shows.
 */
const { editorFields: editorFieldsOf } = require('../../helpers');
const { pushWorkflow } = require('./opscom.fixtures');

const KEYS = {
	uniqueId: 'unique_id',
	loginSource: 'login_source',
	firstName: 'first_name',
	lastName: 'last_name',
	email: 'email',
	userName: 'user_name',
	userTypeId: 'user_type_id',
	studentNo: 'student_no',
	studentPhone: 'student_phone',
	employNo: 'employ_no',
	employeePhone: 'employee_phone',
	phoneCell: 'phone_cell',
	dateOfBirth: 'date_of_birth',
	driverLicenceNum: 'driver_licence_num',
	driverLicenceProv: 'driver_licence_prov',
	lockerUserTypeId: 'locker_user_type_id',
	street: 'street',
	city: 'city',
	province: 'province',
	postalCode: 'postal_code',
	street2: 'street2',
	city2: 'city2',
	province2: 'province2',
	postalCode2: 'postal_code2',
};

/** The editor's Create or Update fields: top-level ones, and each collection with its options. */
const editorFields = () => editorFieldsOf('opscom', 'profile', 'createOrUpdate');

/** Create or Update with every editor field mapped from the roster's OPSCOM keys. */
function everyFieldWorkflow(people, settings) {
	const { topLevel, collections } = editorFields();
	const map = (name) => `={{ $json.${KEYS[name]} }}`;
	const parameters = Object.fromEntries(topLevel.map((name) => [name, map(name)]));
	for (const [collection, names] of Object.entries(collections)) {
		parameters[collection] = Object.fromEntries(names.map((name) => [name, map(name)]));
	}
	return pushWorkflow(people, parameters, settings);
}

/** Person `n` with a value for every attribute, in OPSCOM's keys (as OPSCOM stores them). */
const fullPerson = (n, more = {}) => ({
	unique_id: `S${String(n).padStart(5, '0')}`,
	login_source: 'OPSCOM',
	first_name: `First${n}`,
	last_name: `Last${n}`,
	email: `student${n}@school.edu`,
	user_name: `student${n}`,
	user_type_id: '1',
	student_no: `SN-${n}`,
	student_phone: `555-100${n}`,
	employ_no: `E-${n}`,
	employee_phone: `555-200${n}`,
	phone_cell: `613-555-000${n}`,
	date_of_birth: `2001-02-0${n}`,
	driver_licence_num: `DL ${n}000`,
	driver_licence_prov: 'ON',
	locker_user_type_id: '3',
	street: `${n} Main Street`,
	city: 'Ottawa',
	province: 'ON',
	postal_code: 'K1A 0B1',
	street2: `${n} Lake Road`,
	city2: 'Kingston',
	province2: 'ON',
	postal_code2: 'K7L 3N6',
	...more,
});

module.exports = { KEYS, editorFields, everyFieldWorkflow, fullPerson };
