/** RCAMS's error messages, as advice a campus admin can act on. Unknown messages pass through. */
export const RCAMS_ERROR_ADVICE: Record<string, string> = {
	'Invalid API credentials':
		'Check the API user name and password in the RCAMS credential, and that the Base URL ends in /api/v2',
	'User not found': 'No RCAMS user has this token: pick the user from the list, or check the token',
	'Username already exists':
		'Another RCAMS user already has this user name: user names must be unique',
	'Email already exists': 'Another RCAMS user already has this email: emails must be unique',
	'District not found': 'RCAMS has no district with this ID: pick districts from the list',
};

export function adviceFor(message: string): string | undefined {
	if (RCAMS_ERROR_ADVICE[message]) return RCAMS_ERROR_ADVICE[message];
	if (message.startsWith('Missing required field')) {
		return 'A field RCAMS requires was empty';
	}
	return undefined;
}
