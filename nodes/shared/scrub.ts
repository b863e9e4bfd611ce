import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

/**
 * Removes the credential's own secrets from everything a node lets out: output items and, when
 * something fails, error messages, descriptions, the vendor's response kept on the error, error
 * items. It works by value — each vendor declares its credential's secrets (`CredentialSecrets`:
 * tokens, passwords, a session token, a Basic header) — because a vendor that echoes the request
 * can quote a secret anywhere and in any shape, which no pattern can foresee. The access_token=
 * pattern is kept as an extra for tokens the credential no longer holds.
 */

export const SECRET_MASK = '***';

/** Shorter values would mask ordinary words; no real token or password is this short. */
const MIN_SECRET_LENGTH = 4;
/** The fewest leading characters of a secret cut off by a truncated excerpt that are masked. */
const MIN_PARTIAL_LENGTH = 4;
/** What response excerpts end with when they were cut (see snippet() in response.ts). */
export const TRUNCATION_MARK = '…';

/** The UTF-8 Basic-auth value n8n sends for a user name and password. */
export function basicAuthValue(username: unknown, password: unknown): string {
	return Buffer.from(`${String(username ?? '')}:${String(password ?? '')}`, 'utf8').toString(
		'base64',
	);
}

/**
 * What a vendor declares about its credential's secrets: a required member of its `Vendor`
 * (transport.ts), so a vendor cannot be written without saying what must never leave the node.
 */
export interface CredentialSecrets {
	/** The secret values of a credential, in the shape they are sent (a Basic header included). */
	of: (credentials: ICredentialDataDecryptedObject) => unknown[];
	/**
	 * Whether they can change during a run (a session token renewed after a 401): then they are
	 * read afresh before each scrub, and every value seen stays masked.
	 */
	rotate: boolean;
}

export function secretsOf(
	secrets: CredentialSecrets,
	credentials: ICredentialDataDecryptedObject | undefined,
): string[] {
	if (!credentials) return [];
	const values = secrets.of(credentials);
	return values
		.filter((value) => typeof value === 'string' || typeof value === 'number')
		.map(String)
		.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

const HTML_ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** How a query string built by axios writes a value. */
const axiosEncode = (value: string) =>
	encodeURIComponent(value)
		.replace(/%3A/gi, ':')
		.replace(/%24/g, '$')
		.replace(/%2C/gi, ',')
		.replace(/%20/g, '+')
		.replace(/%5B/gi, '[')
		.replace(/%5D/gi, ']');

/** Every shape a secret can take in text that quotes a request or a response. */
function formsOf(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	const uri = encodeURIComponent(secret);
	const forms = [
		secret,
		json,
		// A JSON body quoted inside another JSON string.
		JSON.stringify(json).slice(1, -1),
		// As PHP's json_encode writes it (vendors written in PHP): "/" and non-ASCII escaped.
		json
			.replace(/\//g, '\\/')
			.replace(
				/[\u0080-\uffff]/g,
				(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
			),
		uri,
		uri.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
		uri.replace(/%20/g, '+'),
		new URLSearchParams({ value: secret }).toString().slice('value='.length),
		axiosEncode(secret),
		secret.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]),
		secret.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]).replace(/&#39;/g, '&#x27;'),
		// As a response excerpt shows it: tags dropped, white space collapsed.
		secret
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim(),
	];
	return [...new Set(forms)].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

const ACCESS_TOKEN = /(access_token=)[^&\s"']+/gi;

/** Masks anything that looks like a session token in text that may reach the user. */
export const redact = (text: string) => text.replace(ACCESS_TOKEN, `$1${SECRET_MASK}`);

/** Masks every form of every secret in a text, and any access_token= value. */
export class Scrubber {
	private readonly forms: string[];

	constructor(secrets: Iterable<string>) {
		const forms = new Set<string>();
		for (const secret of secrets) {
			if (secret.length >= MIN_SECRET_LENGTH) formsOf(secret).forEach((form) => forms.add(form));
		}
		// Longest first, so "Basic <value>" goes as a whole before the value inside it.
		this.forms = [...forms].sort((a, b) => b.length - a.length);
	}

	text(value: string): string {
		let text = value;
		for (const form of this.forms) {
			if (text.includes(form)) text = text.split(form).join(SECRET_MASK);
		}
		if (text.includes(TRUNCATION_MARK)) text = this.truncated(text);
		return redact(text);
	}

	/** A secret cut off by a truncated excerpt: its leading characters right before the mark. */
	private truncated(text: string): string {
		let result = '';
		let rest = text;
		for (let at = rest.indexOf(TRUNCATION_MARK); at >= 0; at = rest.indexOf(TRUNCATION_MARK)) {
			let before = rest.slice(0, at);
			for (const form of this.forms) {
				const longest = Math.min(form.length - 1, before.length);
				for (let length = longest; length >= MIN_PARTIAL_LENGTH; length--) {
					if (before.endsWith(form.slice(0, length))) {
						before = before.slice(0, before.length - length) + SECRET_MASK;
						break;
					}
				}
			}
			result += before + TRUNCATION_MARK;
			rest = rest.slice(at + TRUNCATION_MARK.length);
		}
		return result + rest;
	}

	/** A scrubbed copy of a JSON-like value (strings, arrays, plain objects); errors are scrubbed in place. */
	value<T>(value: T, seen = new WeakMap<object, unknown>()): T {
		if (typeof value === 'string') return this.text(value) as T;
		if (typeof value !== 'object' || value === null) return value;
		if (seen.has(value)) return seen.get(value) as T;
		if (value instanceof Error) return this.error(value, seen) as T;
		if (Array.isArray(value)) {
			const copy: unknown[] = [];
			seen.set(value, copy);
			value.forEach((entry) => copy.push(this.value(entry, seen)));
			return copy as T;
		}
		const prototype = Object.getPrototypeOf(value);
		if (prototype !== Object.prototype && prototype !== null) return value;
		const copy: IDataObject = {};
		seen.set(value, copy);
		for (const [key, entry] of Object.entries(value)) copy[key] = this.value(entry, seen);
		return copy as T;
	}

	/**
	 * Scrubs an error in place — message, description, stack, n8n's `messages`, the vendor's
	 * response (`errorResponse`), its context and its cause chain — and returns it.
	 */
	error<E>(error: E, seen = new WeakMap<object, unknown>()): E {
		if (typeof error !== 'object' || error === null) return this.value(error, seen);
		if (seen.has(error)) return error;
		seen.set(error, error);
		const target = error as unknown as Record<string, unknown>;
		for (const key of Object.getOwnPropertyNames(error)) {
			// The node the error belongs to is n8n's own object, not anything the vendor said.
			if (key === 'node') continue;
			const current = target[key];
			let scrubbed = current;
			if (typeof current === 'string') scrubbed = this.text(current);
			else if (current instanceof Error) scrubbed = this.error(current, seen);
			else if (typeof current === 'object' && current !== null)
				scrubbed = this.value(current, seen);
			if (scrubbed === current) continue;
			try {
				target[key] = scrubbed;
			} catch {
				// A read-only property: leave it out of what the error shows rather than keep a secret.
				delete target[key];
			}
		}
		return error;
	}
}

/** The credential a node's secrets come from: its type and what the vendor declares of it. */
export interface SecretSource {
	credentialType: string;
	secrets: CredentialSecrets;
}

const credentialUses = new WeakMap<object, number>();

/**
 * Counts a request through the credential as it ends. A new login (a rotated session token) only
 * ever happens inside one, and nothing it brought back reaches the node before it ends, so a
 * count that has not moved since the credential was last read means no output can hold a secret
 * that read missed.
 */
export function countCredentialUse(context: object) {
	credentialUses.set(context, (credentialUses.get(context) ?? 0) + 1);
}

/**
 * The secrets of the node's credential, for one run. `scrubber()` reads them when an output
 * item or an error is to be scrubbed: secrets that rotate (a session token) are read afresh
 * whenever a request went through the credential since the last read (it may have logged in
 * again); every value seen is kept, so a token replaced mid-run stays masked. Secrets that do
 * not rotate are read once. An item that sent nothing costs no read: n8n decrypts the
 * credential on every `getCredentials`.
 */
export class RunSecrets {
	private readonly values = new Set<string>();

	private settled = false;

	/** The credential-use count when the credential was last read (see `countCredentialUse`). */
	private readAt?: number;

	/** The last scrubber and how many values it masks: values are only ever added. */
	private cached?: { size: number; scrubber: Scrubber };

	constructor(
		private readonly context: IExecuteFunctions | ILoadOptionsFunctions,
		private readonly source: SecretSource,
	) {}

	/** A scrubber of every secret seen so far; the same one as long as no new secret turns up. */
	async scrubber(): Promise<Scrubber> {
		const { credentialType, secrets } = this.source;
		// Once settled, the credential is not read again: n8n's getNode() copies the node each call.
		const uses = credentialUses.get(this.context) ?? 0;
		if (
			!this.settled &&
			uses !== this.readAt &&
			credentialType in (this.context.getNode().credentials ?? {})
		) {
			try {
				const credentials =
					await this.context.getCredentials<ICredentialDataDecryptedObject>(credentialType);
				secretsOf(secrets, credentials).forEach((secret) => this.values.add(secret));
				this.settled = !secrets.rotate;
				// The count from before the read: a login that ends after the read moves it again.
				this.readAt = uses;
			} catch {
				// The credential cannot be read now: the values seen earlier are still masked.
			}
		}
		if (this.cached?.size !== this.values.size) {
			this.cached = { size: this.values.size, scrubber: new Scrubber(this.values) };
		}
		return this.cached.scrubber;
	}
}

type Method = (this: ILoadOptionsFunctions, ...args: never[]) => Promise<unknown>;

/**
 * A node's loadOptions or listSearch methods with the same scrubbing as the item runner: a
 * dropdown that fails shows the vendor's error without the credential's secrets.
 */
export function scrubbedMethods<Methods extends Record<string, Method>>(
	source: SecretSource,
	methods: Methods,
): Methods {
	const wrapped: Record<string, Method> = {};
	for (const [name, method] of Object.entries(methods)) {
		wrapped[name] = async function (this: ILoadOptionsFunctions, ...args: never[]) {
			try {
				return await method.apply(this, args);
			} catch (error) {
				throw (await new RunSecrets(this, source).scrubber()).error(error);
			}
		};
	}
	return wrapped as Methods;
}
