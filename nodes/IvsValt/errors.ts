/** What a VALT HTTP status means for the campus admin who reads the error. */
export const VALT_STATUS_ADVICE: Record<number, string> = {
	400: 'IVS VALT rejected the request',
	401: 'IVS VALT refused the session even after logging in again: check that the account in the credential may use the API',
	403: 'The VALT account in the credential is not allowed to do this: use an administrator account',
	404: 'IVS VALT did not find what was asked for',
	405: 'IVS VALT does not support this call: check the Base URL in the credential',
	500: 'IVS VALT failed to process the request',
};
