/** Builders and seed facts for RCAMS test workflows. */
const { singleNodeWorkflow } = require('../../helpers');

/** Seed users of sandbox/rcams.js. */
const NOEL = '8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64';
const JACOB = '9865d065a4ec09e3de4755d02affdec5f6559833857df332c5c78efd48605a9a';
const DANA = '21e2bc1297790f861b50d0868f256b450495edd69188107be2c8668918b37665';
/** The integrator account of the credential, an RCAMS user too (sha256 of its login). */
const INTEGRATOR = '52a316eecaed646b9f14b27fad32e9eb21eaebf1e864284c0e599b2867d84344';

/** A resource locator value as the editor stores it. */
const userRef = (value, mode = 'list') => ({ __rl: true, mode, value });

/** An RCAMS node (fed by a roster when `items` is given). */
function rcamsWorkflow(
	parameters,
	{ items, continueOnFail, errorOutput, options, typeVersion } = {},
) {
	return singleNodeWorkflow({
		type: 'rcams',
		items,
		continueOnFail,
		errorOutput,
		typeVersion,
		parameters: { ...parameters, ...(options ? { options } : {}) },
	});
}

/** Create / Create or Update fields mapped from each roster person by expression. */
const personFields = {
	firstName: '={{ $json.first }}',
	lastName: '={{ $json.last }}',
	userName: '={{ $json.login }}',
	email: '={{ $json.email }}',
	password: '={{ $json.password ?? "Initial-Pass-1" }}',
};

const person = (n, more = {}) => ({
	first: `First${n}`,
	last: `Last${n}`,
	login: `user.${n}`,
	email: `user${n}@school.edu`,
	...more,
});

/** The recorded calls to one endpoint, optionally of one action. */
const calls = (sandbox, endpoint, action) =>
	sandbox.rcams.requests.filter(
		(request) =>
			request.path === `/api/v2/${endpoint}` &&
			(action === undefined || request.json?.action === action),
	);

/**
 * Makes the sandbox answer user.php's list with `reshape(json)` instead: a vendor answer of
 * an unexpected shape. The other calls are answered as usual.
 */
function reshapeUserList(sandbox, reshape) {
	const api = sandbox.rcams.api;
	const handle = api.handle.bind(api);
	api.handle = (request) => {
		const response = handle(request);
		if (request.path !== '/api/v2/user.php' || request.json?.action !== 'list') return response;
		return { ...response, json: reshape(structuredClone(response.json)) };
	};
}

module.exports = {
	reshapeUserList,
	NOEL,
	JACOB,
	DANA,
	INTEGRATOR,
	userRef,
	rcamsWorkflow,
	personFields,
	person,
	calls,
};
