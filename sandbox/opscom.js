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
/** Canonical key, its accepted alias and its length limit. */
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
const error = (code, message, status = 200) => ({
	status,
	json: { ErrorCode: code, ErrorMessage: message },
});
class OpscomApi {
	apiToken;
	name = 'opscom';
	profiles = new Map();
	nextReferenceId = 41;
	constructor(apiToken) {
		this.apiToken = apiToken;
	}
	/** Canned responses the next requests get instead of being processed (tests reach rare vendor errors this way). */
	scripted = [];
	reset() {
		this.profiles.clear();
		this.nextReferenceId = 41;
		this.scripted = [];
	}
	/** POST /__sandbox/fail-next {status, json | text, contentType}: the next request gets exactly this. */
	admin(action, body) {
		if (action !== 'fail-next') return undefined;
		this.scripted.push(body);
		return { queued: this.scripted.length };
	}
	snapshot() {
		return { profiles: [...this.profiles.values()] };
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
		return { status: 404, text: 'Not Found', contentType: 'text/html' };
	}
	push(fields) {
		const profile = {};
		for (const [key, alias, limit] of ATTRIBUTES) {
			const raw = fields[key] ?? (alias ? fields[alias] : undefined);
			if (raw === undefined || raw === null || raw === '') continue;
			const value = String(raw);
			if (limit !== undefined && value.length > limit) {
				return error(9030, `The field ${key} is too long (maximum ${limit} characters).`);
			}
			profile[key] = value;
		}
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
		for (const other of this.profiles.values()) {
			if (other.unique_id === profile.unique_id) continue;
			if (profile.email && other.email === profile.email)
				return error(9019, 'Email must be unique.');
			if (profile.user_name && other.user_name === profile.user_name) {
				return error(9020, 'Username must be unique.');
			}
		}
		const referenceId = existing?.reference_id ?? this.nextReferenceId++;
		this.profiles.set(profile.unique_id, { ...existing, ...profile, reference_id: referenceId });
		return { status: 200, json: { status: 'success', reference_id: referenceId } };
	}
}

module.exports = { OPSCOM_CLIENT_CODE, OPSCOM_LOGIN_SOURCES, OPSCOM_USER_TYPES, OpscomApi };
