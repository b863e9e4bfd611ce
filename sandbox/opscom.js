'use strict';
const OPSCOM_CLIENT_CODE = 'OC_TOMA';
const OPSCOM_LOGIN_SOURCES = ['OPSCOM', 'SAML', 'LDAP'];
const OPSCOM_USER_TYPES = [
	{ id: '1', type_name: 'Full Time Student', ext_info: 'Student' },
	{ id: '2', type_name: 'Part Time Student', ext_info: 'Student' },
	{ id: '3', type_name: 'Faculty', ext_info: 'Staff' },
	{ id: '6', type_name: 'Staff', ext_info: 'Staff' },
	{ id: '9', type_name: 'Visitor', ext_info: '' },
];
/** Profile attributes: canonical key, its accepted alias and its length limit. */
const ATTRIBUTES = [
	['unique_id', undefined, 50],
	['login_source', undefined, 20],
	['first_name', undefined, 50],
	['last_name', undefined, 50],
	['user_name', undefined, 50],
	['email', undefined, 100],
	['street', undefined, undefined],
	['city', undefined, 50],
	['province', 'state', 2],
	['postal_code', 'zip', 20],
	['street2', undefined, undefined],
	['city2', undefined, 50],
	['province2', 'state2', 2],
	['postal_code2', 'zip2', 20],
	['phone_cell', undefined, 20],
	['user_type_id', undefined, undefined],
	['employ_no', undefined, 50],
	['employee_phone', undefined, 50],
	['student_no', undefined, 50],
	['student_phone', undefined, 50],
	['driver_licence_num', 'driver_license_num', 255],
	['date_of_birth', undefined, 10],
	['locker_user_type_id', undefined, undefined],
	['driver_licence_prov', 'driver_license_state', 2],
];
/** VehiclePlateType records: plateTypeID, or plateType by name (any case). */
const OPSCOM_PLATE_TYPES = [
	{ id: '1', name: 'Passenger' },
	{ id: '2', name: 'Motorcycle' },
	{ id: '3', name: 'Commercial' },
	{ id: '4', name: 'Dealer' },
];
/** Provinces and states: provID, or prov as the postal abbreviation or the full name (any case). */
const OPSCOM_PROVINCES = [
	{ id: '1', code: 'AB', name: 'Alberta' },
	{ id: '2', code: 'BC', name: 'British Columbia' },
	{ id: '9', code: 'ON', name: 'Ontario' },
	{ id: '11', code: 'QC', name: 'Quebec' },
	{ id: '22', code: 'MA', name: 'Massachusetts' },
	{ id: '33', code: 'NY', name: 'New York' },
];
/**
 * Vehicle attributes ("Push API: Vehicle Create"), no aliases, and the limits the page gives
 * (the plate's own code, 9021, is checked in pushVehicle).
 */
const VEHICLE_ATTRIBUTES = [
	['plate', undefined, undefined],
	['plateTypeID', undefined, undefined],
	['plateType', undefined, 50],
	['provID', undefined, undefined],
	['prov', undefined, 50],
	['makeID', undefined, undefined],
	['make', undefined, 50],
	['typeID', undefined, undefined],
	['type', undefined, undefined],
	['colour', undefined, undefined],
	['year', undefined, undefined],
	['vin', undefined, undefined],
];
const sameText = (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** The plate as OPSCOM compares it: case, spaces and dashes do not make a new plate. */
const plateKey = (plate) => plate.toUpperCase().replace(/[\s-]/g, '');
const error = (code, message, status = 200) => ({
	status,
	json: { ErrorCode: code, ErrorMessage: message },
});
/** The attributes a push carries, as text under their canonical keys; 9030 for one too long. */
function readAttributes(fields, attributes) {
	const record = {};
	for (const [key, alias, limit] of attributes) {
		const raw = fields[key] ?? (alias ? fields[alias] : undefined);
		if (raw === undefined || raw === null || raw === '') continue;
		const value = String(raw);
		if (limit !== undefined && value.length > limit) {
			return {
				refusal: error(9030, `The field ${key} is too long (maximum ${limit} characters).`),
			};
		}
		record[key] = value;
	}
	return { record };
}
class OpscomApi {
	apiToken;
	name = 'opscom';
	profiles = new Map();
	/** Unique IDs by email and by user name, as the database's unique indexes find them. */
	byEmail = new Map();
	byUserName = new Map();
	nextReferenceId = 41;
	/** Vehicles by reference id, exactly as pushed (without the token). */
	vehicles = new Map();
	/** province id | normalised plate of every stored vehicle: the duplicate check. */
	plates = new Set();
	nextVehicleId = 501;
	/** 'merge' keeps attributes a push of an existing unique_id leaves out; 'replace' drops them (server.js). */
	updateMode = 'merge';
	constructor(apiToken) {
		this.apiToken = apiToken;
	}
	/** Canned responses the next requests get instead of being processed (tests reach rare vendor errors this way). */
	scripted = [];
	reset() {
		this.profiles.clear();
		this.byEmail.clear();
		this.byUserName.clear();
		this.nextReferenceId = 41;
		this.vehicles.clear();
		this.plates.clear();
		this.nextVehicleId = 501;
		this.scripted = [];
	}
	/** POST /__sandbox/fail-next {status, json | text, contentType}: the next request gets exactly this. */
	admin(action, body) {
		if (action !== 'fail-next') return undefined;
		this.scripted.push(body);
		return { queued: this.scripted.length };
	}
	snapshot() {
		return { profiles: [...this.profiles.values()], vehicles: [...this.vehicles.values()] };
	}
	handle(request) {
		if (this.scripted.length > 0) return this.scripted.shift();
		const match = /^\/api\/([^/]*)\/v1\/(.+)$/.exec(request.path);
		if (request.method !== 'POST' || !match)
			return { status: 404, text: 'Not Found', contentType: 'text/html' };
		const [, clientCode, route] = match;
		if (clientCode !== OPSCOM_CLIENT_CODE)
			return error(9000, 'Client code is missing or unknown.', 400);
		const body = request.json;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return error(9003, 'The request could not be parsed.', 400);
		}
		const fields = body;
		if (!fields.apiToken) return error(9001, 'API Token is missing from the request.', 401);
		if (fields.apiToken !== this.apiToken) {
			return error(9002, 'API Token does not have permission to access this resource.', 403);
		}
		if (route === 'profiles/types/list')
			return { status: 200, json: { status: 'success', user_types: OPSCOM_USER_TYPES } };
		if (route === 'profiles/push') return this.push(fields);
		if (route === 'vehicles/push') return this.pushVehicle(fields);
		return { status: 404, text: 'Not Found', contentType: 'text/html' };
	}
	push(fields) {
		const { record: profile, refusal } = readAttributes(fields, ATTRIBUTES);
		if (refusal) return refusal;
		if (!profile.unique_id) return error(9013, 'Unique ID is required.');
		if (!profile.login_source) return error(9014, 'Login source is required.');
		if (!OPSCOM_LOGIN_SOURCES.includes(profile.login_source)) {
			return error(9015, `Login source ${profile.login_source} is invalid.`);
		}
		if (profile.date_of_birth && !/^\d{4}-\d{2}-\d{2}$/.test(profile.date_of_birth)) {
			return error(9033, 'The field date_of_birth is invalid.');
		}
		if (
			profile.user_type_id &&
			!OPSCOM_USER_TYPES.some((type) => type.id === profile.user_type_id)
		) {
			return error(9033, 'The field user_type_id is invalid.');
		}
		const existing = this.profiles.get(profile.unique_id);
		if (!existing) {
			if (!profile.email) return error(9016, 'Email is required for a new user.');
			if (!profile.first_name) return error(9017, 'First name is required for a new user.');
			if (!profile.last_name) return error(9018, 'Last name is required for a new user.');
		}
		const takenBy = (index, value) =>
			value && index.has(value) && index.get(value) !== profile.unique_id;
		if (takenBy(this.byEmail, profile.email)) return error(9019, 'Email must be unique.');
		if (takenBy(this.byUserName, profile.user_name)) {
			return error(9020, 'Username must be unique.');
		}
		const referenceId = existing?.reference_id ?? this.nextReferenceId++;
		// Merge keeps attributes a push leaves out; replace stores exactly the attributes sent.
		const kept = this.updateMode === 'replace' ? {} : existing;
		const saved = { ...kept, ...profile, reference_id: referenceId };
		this.profiles.set(profile.unique_id, saved);
		for (const [index, key] of [
			[this.byEmail, 'email'],
			[this.byUserName, 'user_name'],
		]) {
			if (existing?.[key]) index.delete(existing[key]);
			if (saved[key]) index.set(saved[key], profile.unique_id);
		}
		return { status: 200, json: { status: 'success', reference_id: referenceId } };
	}
	/**
	 * POST vehicles/push: a create. The vehicle codes of the vendor's "API Error Codes" page:
	 * 9006 plate, 9010 plate type, 9011 province or state required, 9021 plate longer than 50,
	 * 9012 the vehicle (the same plate in the same province or state) already in the database.
	 */
	pushVehicle(fields) {
		const { record: vehicle, refusal } = readAttributes(fields, VEHICLE_ATTRIBUTES);
		if (refusal) return refusal;
		if (!vehicle.plate) return error(9006, 'Plate is required.');
		if (vehicle.plate.length > 50) {
			return error(9021, 'The plate cannot be longer than 50 characters.');
		}
		if (!vehicle.plateTypeID && !vehicle.plateType) {
			return error(9010, 'Plate type is required.');
		}
		if (!vehicle.provID && !vehicle.prov) {
			return error(9011, 'Province or state is required.');
		}
		const plateType = vehicle.plateTypeID
			? OPSCOM_PLATE_TYPES.find((type) => type.id === vehicle.plateTypeID)
			: OPSCOM_PLATE_TYPES.find((type) => sameText(type.name, vehicle.plateType));
		if (!plateType) {
			return error(
				9033,
				`The field ${vehicle.plateTypeID ? 'plateTypeID' : 'plateType'} is invalid.`,
			);
		}
		const province = vehicle.provID
			? OPSCOM_PROVINCES.find((prov) => prov.id === vehicle.provID)
			: OPSCOM_PROVINCES.find(
					(prov) => sameText(prov.code, vehicle.prov) || sameText(prov.name, vehicle.prov),
				);
		if (!province)
			return error(9033, `The field ${vehicle.provID ? 'provID' : 'prov'} is invalid.`);
		for (const key of ['makeID', 'typeID']) {
			if (vehicle[key] && !/^\d+$/.test(vehicle[key])) {
				return error(9033, `The field ${key} is invalid.`);
			}
		}
		if (vehicle.year && !/^\d{4}$/.test(vehicle.year))
			return error(9033, 'The field year is invalid.');
		const identity = `${province.id}|${plateKey(vehicle.plate)}`;
		if (this.plates.has(identity)) return error(9012, 'The vehicle is already in the database.');
		this.plates.add(identity);
		const referenceId = this.nextVehicleId++;
		this.vehicles.set(referenceId, { ...vehicle, reference_id: referenceId });
		return { status: 200, json: { status: 'success', reference_id: referenceId } };
	}
}

module.exports = {
	OPSCOM_CLIENT_CODE,
	OPSCOM_LOGIN_SOURCES,
	OPSCOM_USER_TYPES,
	OPSCOM_PLATE_TYPES,
	OPSCOM_PROVINCES,
	OpscomApi,
};
