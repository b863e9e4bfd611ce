'use strict';
/**
 * RCAMS API v2 emulator (see /work/shared/reference/RCAMS.md and the vendor page it cites).
 * Every call is a POST to `/api/v2/<name>.php` with HTTP Basic auth and a JSON string body whose
 * `action` picks the operation. Vendor errors come back as HTTP 200 with `status: "ERROR"`:
 * only the body says whether a call worked.
 */
const crypto = require('node:crypto');

const API_PREFIX = '/api/v2/';

/** District ids 1-4: the same ids in district.php, userdata.php and userdistrict.php. */
const SEED_DISTRICTS = [
	{ id: 1, name: 'North County School District' },
	{ id: 2, name: 'Riverside Unified School District' },
	{ id: 3, name: 'Lakeview Independent School District' },
	{ id: 4, name: 'Mountain View School District' },
];
const SEED_SCHOOLS = [
	{ id: 1001, districtId: 1, name: 'Lincoln High School', address: '123 Education Ave' },
	{ id: 1002, districtId: 1, name: 'Washington Elementary', address: '456 Learning Blvd' },
	{ id: 2001, districtId: 2, name: 'Riverside Middle School', address: '78 River Rd' },
	{ id: 3001, districtId: 3, name: 'Lakeview High School', address: '9 Shoreline Dr' },
];
const SEED_GROUPS = [
	{ id: 5001, schoolId: 1001, name: 'Science Department' },
	{ id: 5002, schoolId: 1001, name: 'Faculty Staff' },
	{ id: 5003, schoolId: 1002, name: 'Administration' },
	{ id: 5004, schoolId: 2001, name: 'Front Office' },
	{ id: 5005, schoolId: 3001, name: 'Security Team' },
];
const SEED_WIFI = [
	{ id: 7001, schoolId: 1001, ssid: 'LHS-STAFF', password: 'lhs-staff-wpa2-sandbox' },
	{ id: 7002, schoolId: 1001, ssid: 'LHS-GUEST', password: 'lhs-guest-sandbox' },
	{ id: 7003, schoolId: 1002, ssid: 'WES-NETWORK', password: 'wes-network-sandbox' },
	{ id: 7004, schoolId: 2001, ssid: 'RMS-STAFF', password: 'rms-staff-sandbox' },
	{ id: 7005, schoolId: 3001, ssid: 'LAKEVIEW-SECURE', password: 'lakeview-secure-sandbox' },
];
const SEED_USERS = [
	{
		token: '8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64',
		first_name: 'Noel',
		last_name: 'Vanegas',
		user_name: 'noel.vanegas',
		email: 'noel.vanegas@rcams.example',
		password: 'sandbox-user-pass-1',
		phone: '',
		picture_url: 'https://rcams.example/images/noel.png',
		notes: '',
		last_login: '2025-04-14 09:02:34',
		enable: 'yes',
		districts: [1, 3],
	},
	{
		token: '9865d065a4ec09e3de4755d02affdec5f6559833857df332c5c78efd48605a9a',
		first_name: 'Jacob',
		last_name: 'Mata',
		user_name: 'jacob.mata',
		email: 'jacob.mata@rcams.example',
		password: 'sandbox-user-pass-2',
		phone: '555-010-2000',
		picture_url: '',
		notes: 'Night shift',
		last_login: '2025-04-09 15:46:40',
		enable: 'yes',
		districts: [2],
	},
	{
		token: '21e2bc1297790f861b50d0868f256b450495edd69188107be2c8668918b37665',
		first_name: 'Dana',
		last_name: 'Whitfield',
		user_name: 'dana.whitfield',
		email: 'dana.whitfield@rcams.example',
		password: 'sandbox-user-pass-3',
		phone: '',
		picture_url: '',
		notes: '',
		last_login: '',
		enable: 'no',
		districts: [],
	},
];

/** The email of the integrator account (see RcamsApi.integrator()). */
const INTEGRATOR_EMAIL = 'integrations@rcams.example';

const ok = (fields) => ({ status: 200, json: { status: 'OK', ...fields } });
/** Vendor errors are HTTP 200: success is read from the body. */
const fail = (message) => ({ status: 200, json: { status: 'ERROR', message } });
const DISTRICT_LIST = /^\s*\d+\s*(,\s*\d+\s*)*$/;

/**
 * The named fields as strings, or `missing`: the first one that is absent or empty.
 * PHP reads numbers as strings, so those are accepted too.
 */
function required(body, names) {
	const values = {};
	for (const name of names) {
		const value = body[name];
		const text = typeof value === 'number' ? String(value) : value;
		if (typeof text !== 'string' || text.trim() === '') {
			return { missing: fail(`Missing required field: ${name}`) };
		}
		values[name] = text;
	}
	return { values };
}

/** Optional string fields that are present in the body. */
function optional(body, names) {
	const values = {};
	for (const name of names) {
		const value = body[name];
		if (typeof value === 'string' || typeof value === 'number') values[name] = String(value);
	}
	return values;
}

class RcamsApi {
	name = 'rcams';
	credentials;
	users = new Map();
	districts = [];
	schools = [];
	groups = [];
	wifi = [];
	/** 'merge' keeps optional fields an update leaves out; 'replace' clears them (server.js). */
	updateMode = 'merge';

	/** @param {{username: string, password: string}} credentials the integrator's Basic-auth pair */
	constructor(credentials) {
		this.credentials = credentials;
		this.reset();
	}

	/** The integrator account the credential signs in with is an RCAMS user too. */
	integrator() {
		return {
			token: crypto.createHash('sha256').update(this.credentials.username).digest('hex'),
			first_name: 'Campus',
			last_name: 'Integration',
			user_name: this.credentials.username,
			email: INTEGRATOR_EMAIL,
			password: this.credentials.password,
			phone: '',
			picture_url: '',
			notes: 'API account',
			last_login: '2025-04-15 02:00:00',
			enable: 'yes',
			districts: [1, 2, 3, 4],
		};
	}

	reset() {
		this.users = new Map(
			[...structuredClone(SEED_USERS), this.integrator()].map((user) => [
				user.token,
				{ ...user, districts: new Set(user.districts) },
			]),
		);
		/** Tokens by lower-case login and email, as database indexes would find them. */
		this.logins = new Map(
			[...this.users.values()].map((u) => [u.user_name.toLowerCase(), u.token]),
		);
		this.emails = new Map([...this.users.values()].map((u) => [u.email.toLowerCase(), u.token]));
		this.districts = structuredClone(SEED_DISTRICTS);
		this.schools = structuredClone(SEED_SCHOOLS);
		this.groups = structuredClone(SEED_GROUPS);
		this.wifi = structuredClone(SEED_WIFI);
	}

	snapshot() {
		const users = [...this.users.values()].map((user) => ({
			...user,
			districts: [...user.districts].sort((a, b) => a - b),
		}));
		return structuredClone({
			users,
			districts: this.districts,
			schools: this.schools,
			groups: this.groups,
			wifi: this.wifi,
		});
	}

	handle(request) {
		const endpoint = request.path.startsWith(API_PREFIX)
			? request.path.slice(API_PREFIX.length)
			: '';
		const handler = ENDPOINTS[endpoint];
		// A missing script is the web server's plain 404, before PHP (and its auth check) runs.
		if (!handler) return { status: 404, text: 'Not Found', contentType: 'text/html' };
		if (!this.authorized(request.headers.authorization)) {
			return { status: 401, json: { status: 'ERROR', message: 'Invalid API credentials' } };
		}
		if (request.method !== 'POST') {
			return { status: 405, json: { status: 'ERROR', message: 'Method not allowed' } };
		}
		// The body is a JSON string whatever the Content-Type (the vendor's examples send none).
		let body = {};
		if (request.rawBody.trim() !== '') {
			try {
				body = JSON.parse(request.rawBody);
			} catch {
				body = undefined;
			}
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return fail('Invalid JSON body');
		}
		return handler.call(this, body);
	}

	/**
	 * The docs never say whether "api_username" is a login or an email (their only login example
	 * uses an email): the integrator may sign in with either.
	 */
	authorized(header) {
		const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
		if (!match) return false;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const { username, password } = this.credentials;
		return [username, INTEGRATOR_EMAIL].some((name) => decoded === `${name}:${password}`);
	}

	user(body) {
		switch (body.action) {
			case 'list':
				return this.listUsers();
			case 'get':
				return this.withUser(body, (user) => this.getUser(user));
			case 'insert':
				return this.insertUser(body);
			case 'update':
				return this.updateUser(body);
			case 'remove':
				return this.withUser(body, (user) => {
					if (user.user_name === this.credentials.username) {
						return fail('You cannot remove your own account');
					}
					this.users.delete(user.token);
					this.logins.delete(user.user_name.toLowerCase());
					this.emails.delete(user.email.toLowerCase());
					return ok({ message: 'User removed successfully' });
				});
			default:
				return fail('Invalid action');
		}
	}

	/** Runs `then` with the user named by `usr_tokenid`, or answers the vendor's error. */
	withUser(body, then) {
		const { values, missing } = required(body, ['usr_tokenid']);
		if (missing) return missing;
		const user = this.users.get(values.usr_tokenid);
		if (!user) return fail('User not found');
		return then(user);
	}

	listUsers() {
		const users = [...this.users.values()].map((user) => ({
			user_token: user.token,
			// In the list, user_name is the full name (get calls it user_names).
			user_name: `${user.first_name} ${user.last_name}`,
			user_picture_url: user.picture_url,
			user_phone: user.phone,
			user_email: user.email,
			last_login: user.last_login,
			enable: user.enable,
		}));
		return ok({ message: 'Data retrieved successfully', total: users.length, users });
	}

	getUser(user) {
		return ok({
			user_tokenid: user.token,
			user_names: `${user.first_name} ${user.last_name}`,
			user_name: user.user_name,
			user_email: user.email,
			user_phone: user.phone,
			user_picture_url: user.picture_url,
			last_login: user.last_login,
			districts: [...user.districts].sort((a, b) => a - b).join(','),
		});
	}

	insertUser(body) {
		const { values, missing } = required(body, [
			'first_name',
			'last_name',
			'user_name',
			'email',
			'password',
		]);
		if (missing) return missing;
		if (this.logins.has(values.user_name.toLowerCase())) return fail('Username already exists');
		if (this.emails.has(values.email.toLowerCase())) return fail('Email already exists');
		const user = {
			token: crypto.randomBytes(32).toString('hex'),
			...values,
			phone: '',
			picture_url: '',
			notes: '',
			...optional(body, ['phone', 'picture_url', 'notes']),
			last_login: '',
			enable: 'yes',
			districts: new Set(),
		};
		this.users.set(user.token, user);
		this.logins.set(user.user_name.toLowerCase(), user.token);
		this.emails.set(user.email.toLowerCase(), user.token);
		return ok({ message: 'User created successfully', user_token: user.token });
	}

	updateUser(body) {
		const { values, missing } = required(body, ['usr_tokenid', 'first_name', 'last_name']);
		if (missing) return missing;
		const user = this.users.get(values.usr_tokenid);
		if (!user) return fail('User not found');
		// user_name, email and password cannot be changed here: they are ignored.
		// The docs do not say what an omitted optional field does: merge keeps it, replace clears it.
		const cleared = this.updateMode === 'replace' ? { phone: '', picture_url: '', notes: '' } : {};
		Object.assign(user, {
			first_name: values.first_name,
			last_name: values.last_name,
			...cleared,
			...optional(body, ['phone', 'picture_url', 'notes']),
		});
		return ok({ message: 'User updated successfully' });
	}

	/** Grants are additive: there is no documented way to take a district away. */
	userDistrict(body) {
		if (body.action !== undefined && body.action !== 'insert') return fail('Invalid action');
		const { values, missing } = required(body, ['usr_tokenid']);
		if (missing) return missing;
		if (body.district_list === undefined || body.district_list === '') {
			return fail('Missing required field: district_list');
		}
		if (typeof body.district_list !== 'string' || !DISTRICT_LIST.test(body.district_list)) {
			return fail('Invalid district_list: expected comma-separated district IDs');
		}
		const user = this.users.get(values.usr_tokenid);
		if (!user) return fail('User not found');
		const result = body.district_list.split(',').map((part) => {
			const id = Number(part.trim());
			const entry = { district_id: String(id) };
			if (!this.districts.some((district) => district.id === id)) {
				return { ...entry, status: 'ERROR', message: 'District not found' };
			}
			if (user.districts.has(id)) {
				return { ...entry, status: 'OK', message: 'District already granted' };
			}
			user.districts.add(id);
			return { ...entry, status: 'OK', message: 'District added successfully' };
		});
		return ok({ message: 'Districts added successfully', result });
	}

	/** The integrator's own tree; as an administrator it sees every district. Ids are numbers here. */
	userData() {
		const districts = this.districts.map((district) => ({
			district_id: district.id,
			district_name: district.name,
			schools: this.schools
				.filter((school) => school.districtId === district.id)
				.map((school) => ({
					school_id: school.id,
					school_name: school.name,
					school_address: school.address,
					wifi_ssids: this.wifi
						.filter((wifi) => wifi.schoolId === school.id)
						.map((wifi) => ({ ssid_id: wifi.id, ssid_name: wifi.ssid })),
					groups: this.groups
						.filter((group) => group.schoolId === school.id)
						.map((group) => ({ group_id: group.id, group_name: group.name })),
				})),
		}));
		return ok({ districts });
	}

	district(body) {
		const view = (district) => ({
			district_id: String(district.id),
			district_name: district.name,
		});
		if (body.action === 'list') {
			return ok({ message: 'Data retrieved successfully', districts: this.districts.map(view) });
		}
		if (body.action === 'get') {
			const { values, missing } = required(body, ['district_id']);
			if (missing) return missing;
			const district = this.districts.find((entry) => String(entry.id) === values.district_id);
			return district ? ok(view(district)) : fail('District not found');
		}
		return fail('Invalid action');
	}

	school(body) {
		if (body.action !== 'list') return fail('Invalid action');
		const { values, missing } = required(body, ['district_id']);
		if (missing) return missing;
		if (!this.districts.some((district) => String(district.id) === values.district_id)) {
			return fail('District not found');
		}
		const schoolList = this.schools
			.filter((school) => String(school.districtId) === values.district_id)
			.map((school) => ({
				school_id: String(school.id),
				school_name: school.name,
				school_address: school.address,
				district_id: String(school.districtId),
			}));
		return ok({ message: 'Data retrieved successfully', school_list: schoolList });
	}

	group(body) {
		return this.perSchool(body, (school) =>
			ok({
				message: 'Data retrieved successfully',
				groups: this.groups
					.filter((group) => group.schoolId === school.id)
					.map((group) => ({
						group_id: String(group.id),
						group_name: group.name,
						school_id: String(school.id),
					})),
			}),
		);
	}

	wifiList(body) {
		return this.perSchool(body, (school) =>
			ok({
				message: 'Data retrieved successfully',
				// Real Wi-Fi passwords come back in clear: the node must mask them.
				wifi_list: this.wifi
					.filter((wifi) => wifi.schoolId === school.id)
					.map((wifi) => ({
						ssid_id: String(wifi.id),
						ssid_name: wifi.ssid,
						password: wifi.password,
						school_id: String(school.id),
					})),
			}),
		);
	}

	/** The `list` action of the endpoints keyed by `school_id`. */
	perSchool(body, then) {
		if (body.action !== 'list') return fail('Invalid action');
		const { values, missing } = required(body, ['school_id']);
		if (missing) return missing;
		const school = this.schools.find((entry) => String(entry.id) === values.school_id);
		return school ? then(school) : fail('School not found');
	}
}

/** Script name → handler; anything else is a 404 from the web server. */
const ENDPOINTS = {
	'user.php': RcamsApi.prototype.user,
	'userdistrict.php': RcamsApi.prototype.userDistrict,
	'userdata.php': RcamsApi.prototype.userData,
	'district.php': RcamsApi.prototype.district,
	'school.php': RcamsApi.prototype.school,
	'group.php': RcamsApi.prototype.group,
	'wifi.php': RcamsApi.prototype.wifiList,
};

module.exports = { RcamsApi, RCAMS_API_PREFIX: API_PREFIX };
