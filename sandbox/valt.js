'use strict';
/**
 * IVS VALT API v3 emulator (see /work/shared/reference/VALT.md and the IVS wiki pages it cites).
 * Login hands out a token that every other call carries as the `access_token` query parameter;
 * errors are `{"error":{"code","message"}}` with the same HTTP status, except a failed login.
 */
const crypto = require('node:crypto');

const API_PREFIX = '/api/v3';

const SEED_USER_GROUPS = [
	{
		id: 1,
		name: 'Administrators',
		marker: 2,
		information: 1,
		rights: [
			{ name: 'general', sub_rights: ['general--home', 'general--alert', 'general--edit-profile'] },
			{ name: 'admin', sub_rights: ['admin--users', 'admin--rooms', 'admin--settings'] },
		],
		max_record_duration: 480,
		rooms: [37, 39, 43],
		video_access: { users: [], user_groups: [1, 2, 3, 7] },
		retention: { until: 0, for: { days: 3650 } },
	},
	{
		id: 2,
		name: 'Investigators',
		marker: 2,
		information: 1,
		rights: [{ name: 'general', sub_rights: ['general--home', 'general--edit-profile'] }],
		max_record_duration: 240,
		rooms: [37, 39],
		video_access: { users: [], user_groups: [2, 3] },
		retention: { until: 0, for: { days: 1825 } },
	},
	{
		id: 3,
		name: 'Detectives',
		marker: 32,
		information: 1,
		rights: [{ name: 'general', sub_rights: ['general--home'] }],
		max_record_duration: 240,
		rooms: [37, 39, 43],
		video_access: { users: [], user_groups: [3] },
		retention: { until: 0, for: { days: 1825 } },
	},
	{
		id: 7,
		name: 'Victim Advocates',
		marker: 2,
		information: 30,
		rights: [{ name: 'general', sub_rights: ['general--home'] }],
		max_record_duration: 120,
		rooms: [43],
		video_access: { users: [], user_groups: [7] },
		retention: { until: 0, for: { days: 365 } },
	},
];

const SEED_ROOMS = [
	{
		id: 37,
		name: 'Interview Room A',
		is_io: false,
		cameras: [{ id: 63, name: 'Room A Wide', type: 'camera' }],
	},
	{
		id: 39,
		name: 'Interview Room B',
		is_io: true,
		io_camera_id: 88,
		io_user_id: 1,
		cameras: [
			{ id: 53, name: 'Room B Wide', type: 'camera' },
			{ id: 88, name: 'Room B Table', type: 'camera' },
		],
	},
	{
		id: 43,
		name: 'Soft Room',
		is_io: false,
		cameras: [
			{ id: 70, name: 'Soft Room PTZ', type: 'camera' },
			{ id: 71, name: 'Soft Room iPad', type: 'device' },
		],
	},
];

const SEED_USERS = [
	{
		id: 1,
		name: 'admin',
		display_name: null,
		user_group: 1,
		card_number: '326577',
		rooms: [37, 39, 43],
		video_access: { users: [], user_groups: [1] },
	},
];

/** The vendor's create example answers id 48: new users start there, numbered sequentially. */
const FIRST_NEW_USER_ID = 48;

const error = (code, message) => ({ status: code, json: { error: { code, message } } });
const badRequest = (message) => error(400, message);
const isPlainObject = (value) =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a list of ids is not an array of known integer ids, or undefined when it is. */
function checkIds(ids, field, known) {
	if (!Array.isArray(ids)) return `The ${field} must be an array.`;
	for (const [index, id] of ids.entries()) {
		if (!Number.isInteger(id)) return `The ${field}.${index} must be an integer.`;
		if (!known.has(id)) return `The selected ${field}.${index} is invalid.`;
	}
	return undefined;
}

/** Route table: method, path under /api/v3, handler name. Captured groups become arguments. */
const ROUTES = [
	['POST', /^\/login$/, 'login'],
	['GET', /^\/admin\/users$/, 'listUsers'],
	['POST', /^\/admin\/users$/, 'createUser'],
	['GET', /^\/admin\/users\/([^/]+)$/, 'getUser'],
	['POST', /^\/admin\/users\/([^/]+)\/edit$/, 'editUser'],
	['GET', /^\/admin\/user_groups$/, 'listUserGroups'],
	['GET', /^\/admin\/user_groups\/([^/]+)$/, 'getUserGroup'],
	['GET', /^\/admin\/rooms$/, 'listRooms'],
	['GET', /^\/admin\/rooms\/([^/]+)$/, 'getRoom'],
];

class ValtApi {
	name = 'valt';
	credentials;
	users = new Map();
	userGroups = new Map();
	rooms = new Map();
	tokens = new Set();
	logins = 0;
	failedLogins = 0;
	nextUserId = FIRST_NEW_USER_ID;
	/** 'merge' keeps what an edit leaves out; 'replace' clears omitted optional fields (server.js). */
	updateMode = 'merge';

	/** @param {{username: string, password: string}} credentials the one API account that may log in */
	constructor(credentials) {
		this.credentials = credentials;
		this.reset();
	}

	reset() {
		const byId = (list) => new Map(structuredClone(list).map((entry) => [entry.id, entry]));
		this.users = byId(SEED_USERS);
		/** User ids by lower-case name, as a database index would find them (names ignore case). */
		this.names = new Map(
			[...this.users.values()].map((user) => [user.name.toLowerCase(), user.id]),
		);
		this.userGroups = byId(SEED_USER_GROUPS);
		this.rooms = byId(SEED_ROOMS);
		this.tokens.clear();
		this.logins = 0;
		this.failedLogins = 0;
		this.nextUserId = FIRST_NEW_USER_ID;
	}

	snapshot() {
		return structuredClone({
			logins: this.logins,
			failedLogins: this.failedLogins,
			activeTokens: this.tokens.size,
			users: [...this.users.values()],
			userGroups: [...this.userGroups.values()],
			rooms: [...this.rooms.values()],
		});
	}

	admin(action) {
		if (action === 'expire-tokens') {
			const expired = this.tokens.size;
			this.tokens.clear();
			return { expired };
		}
		return undefined;
	}

	handle(request) {
		const path = request.path.startsWith(API_PREFIX + '/')
			? request.path.slice(API_PREFIX.length)
			: undefined;
		// Routing comes before the token check, as in the vendor's framework: unknown paths are 404.
		const route = ROUTES.find(
			([method, pattern]) => method === request.method && path && pattern.test(path),
		);
		if (!route) return error(404, 'Not Found');
		const [, pattern, handler] = route;
		const args = pattern.exec(path).slice(1);
		if (handler === 'login') return this.login(request.json);
		const token = request.query.access_token;
		if (!token) return error(401, 'No API key provided');
		if (!this.tokens.has(token)) return error(401, 'Invalid API key');
		return this[handler](request, ...args);
	}

	login(body) {
		const { username, password } = isPlainObject(body) ? body : {};
		if (username !== this.credentials.username || password !== this.credentials.password) {
			this.failedLogins++;
			return { status: 401, json: { data: 'Invalid username or password' } };
		}
		const token = crypto.randomBytes(16).toString('hex');
		this.tokens.add(token);
		this.logins++;
		return { status: 200, json: { data: { access_token: token } } };
	}

	listUsers(request) {
		const cardNumber = request.query.cardNumber;
		const users = [...this.users.values()].filter(
			(user) => !cardNumber || user.card_number === cardNumber,
		);
		return { status: 200, json: { data: users.map((user) => this.userView(user)) } };
	}

	getUser(_request, id) {
		const user = this.users.get(Number(id));
		if (!user) return error(404, 'User not found');
		return { status: 200, json: { data: this.userView(user) } };
	}

	createUser(request) {
		if (!isPlainObject(request.json)) return badRequest('The request body must be a JSON object.');
		const { fields, invalid } = this.validateUser(request.json, true);
		if (invalid) return invalid;
		// The vendor documents "User Name already exists." but its example body is a bare 500.
		if (this.names.has(fields.name.toLowerCase())) return error(500, 'Internal Server Error');
		const user = {
			id: this.nextUserId++,
			display_name: null,
			user_group: null,
			card_number: null,
			rooms: [],
			...fields,
			video_access: { users: [], user_groups: [], ...fields.video_access },
		};
		this.users.set(user.id, user);
		this.names.set(user.name.toLowerCase(), user.id);
		return { status: 200, json: { data: { id: user.id } } };
	}

	editUser(request, id) {
		const user = this.users.get(Number(id));
		if (!user) return error(404, 'User not found');
		if (!isPlainObject(request.json)) return badRequest('The request body must be a JSON object.');
		const { fields, invalid } = this.validateUser(request.json, false);
		if (invalid) return invalid;
		const owner = fields.name === undefined ? undefined : this.names.get(fields.name.toLowerCase());
		if (owner !== undefined && owner !== user.id) return error(500, 'Internal Server Error');
		if (fields.name !== undefined) {
			this.names.delete(user.name.toLowerCase());
			this.names.set(fields.name.toLowerCase(), user.id);
		}
		if (this.updateMode === 'replace') {
			// The strict reading: the optional fields become exactly what was sent (omitted ones
			// cleared) and video_access is one object, so a half left out is emptied.
			Object.assign(user, {
				display_name: null,
				card_number: null,
				user_group: null,
				rooms: [],
				...fields,
				video_access: { users: [], user_groups: [], ...fields.video_access },
			});
		} else {
			// video_access keys left out of an edit keep their current value.
			const videoAccess = { ...user.video_access, ...fields.video_access };
			Object.assign(user, fields, { video_access: videoAccess });
		}
		return { status: 200, json: { data: { id: user.id } } };
	}

	/**
	 * Checks the create/edit fields with the vendor's (Laravel-style) rules. Returns the fields to
	 * store, or `invalid`: a 400 response naming the first offending field.
	 */
	validateUser(body, creating) {
		const reject = (message) => ({ invalid: badRequest(message) });
		const fields = {};
		for (const key of ['name', 'password']) {
			const value = body[key];
			if (value === undefined && !creating) continue;
			if (value === undefined || value === null || value === '') {
				return reject(`The ${key} field is required.`);
			}
			if (typeof value !== 'string') return reject(`The ${key} must be a string.`);
			if (key === 'name' && value.trim() === '') return reject('The name field is required.');
			fields[key] = key === 'name' ? value.trim() : value;
		}
		for (const key of ['display_name', 'card_number']) {
			const value = body[key];
			if (value === undefined) continue;
			// card_number must be a string: a number would lose its leading zeros.
			if (value !== null && typeof value !== 'string')
				return reject(`The ${key} must be a string.`);
			fields[key] = value === null || value.trim() === '' ? null : value.trim();
		}
		const group = body.user_group;
		if (group !== undefined && group !== null) {
			if (!Number.isInteger(group)) return reject('The user_group must be an integer.');
			if (!this.userGroups.has(group)) return reject('The selected user_group is invalid.');
		}
		if (group !== undefined) fields.user_group = group;
		if (body.rooms !== undefined) {
			const problem = checkIds(body.rooms, 'rooms', this.rooms);
			if (problem) return reject(problem);
			fields.rooms = [...new Set(body.rooms)];
		}
		if (body.video_access !== undefined) {
			if (!isPlainObject(body.video_access)) return reject('The video_access must be an object.');
			fields.video_access = {};
			for (const [key, known] of [
				['users', this.users],
				['user_groups', this.userGroups],
			]) {
				const ids = body.video_access[key];
				if (ids === undefined) continue;
				const problem = checkIds(ids, `video_access.${key}`, known);
				if (problem) return reject(problem);
				fields.video_access[key] = [...new Set(ids)];
			}
		}
		return { fields };
	}

	listUserGroups() {
		// The vendor's example lists groups by name, not by id.
		const groups = [...this.userGroups.values()]
			.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
			.map(({ id, name, marker, information }) => ({ id, name, marker, information }));
		return { status: 200, json: { data: { userGroups: groups } } };
	}

	getUserGroup(_request, id) {
		const group = this.userGroups.get(Number(id));
		if (!group) return error(404, 'User group not found');
		const data = {
			...structuredClone(group),
			rooms: this.roomRefs(group.rooms),
			video_access: this.videoAccessView(group.video_access),
		};
		return { status: 200, json: { data } };
	}

	listRooms() {
		return { status: 200, json: { data: structuredClone([...this.rooms.values()]) } };
	}

	getRoom(_request, id) {
		const room = this.rooms.get(Number(id));
		if (!room) return error(404, 'Room not found');
		return { status: 200, json: { data: structuredClone(room) } };
	}

	/** A user as the API returns it: the group and rooms resolved to {id, name}. */
	userView(user) {
		const group = this.userGroups.get(user.user_group);
		return {
			id: user.id,
			name: user.name,
			display_name: user.display_name,
			user_group: group ? { id: group.id, name: group.name } : null,
			card_number: user.card_number,
			rooms: this.roomRefs(user.rooms),
			video_access: this.videoAccessView(user.video_access),
		};
	}

	roomRefs(ids) {
		return ids
			.map((id) => this.rooms.get(id))
			.filter(Boolean)
			.map(({ id, name }) => ({ id, name }));
	}

	/**
	 * Video access as the vendor reads it back: a list of groups, each with the users it covers.
	 * A granted group lists all its members; a user granted on their own is filed under their
	 * primary group ("users are categorized under their primary group").
	 */
	videoAccessView(access) {
		const entries = new Map();
		const entryFor = (groupId) => {
			if (!entries.has(groupId)) {
				const group = this.userGroups.get(groupId);
				entries.set(groupId, { id: groupId, name: group ? group.name : null, users: [] });
			}
			return entries.get(groupId);
		};
		const addUser = (user) => {
			const entry = entryFor(user.user_group ?? null);
			if (!entry.users.some((listed) => listed.id === user.id)) {
				entry.users.push({ id: user.id, name: user.name });
			}
		};
		for (const groupId of access.user_groups) {
			entryFor(groupId);
			for (const user of this.users.values()) if (user.user_group === groupId) addUser(user);
		}
		for (const userId of access.users) {
			const user = this.users.get(userId);
			if (user) addUser(user);
		}
		return { user_groups: [...entries.values()] };
	}
}

module.exports = { ValtApi, VALT_API_PREFIX: API_PREFIX };
