import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { OperationMap } from './operation';
import { readPolicy, type RequestPolicy } from './options';
import { RunSecrets } from './scrub';

/** An item taken by a worker, with its parameters read (or the error reading them raised). */
interface Slot {
	itemIndex: number;
	input?: unknown;
	error?: unknown;
}

/** Long enough for a request to connect and be written before the next item is read. */
const READ_AHEAD_DELAY_MS = 3;

function toItems(result: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Gives an error the item it belongs to, so n8n shows "item N" and continue-on-fail can place it. */
function attachItemIndex(context: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeOperationError || (error as { context?: IDataObject })?.context) {
		const nodeError = error as { context: IDataObject };
		nodeError.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** n8n routes items of exactly these keys (error, message, details) to a node's error output. */
function errorJson(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string | null };
	return description
		? { error: message, details: description }
		: { error: message ?? String(error) };
}

/**
 * The execute() of every node: routes to the operation, then runs it for every input
 * item with bounded concurrency. Output order matches input order; every output item
 * carries its pairedItem; with "Continue On Fail" a failed item becomes an error item.
 *
 * This is also the one place errors leave the node, so it is where the credential's secrets
 * are scrubbed from them (see scrub.ts): from every error item and from the error it throws.
 */
export async function runOperations(
	context: IExecuteFunctions,
	operations: OperationMap,
): Promise<INodeExecutionData[][]> {
	const secrets = new RunSecrets(context);
	try {
		return await runItems(context, operations, secrets);
	} catch (error) {
		throw (await secrets.scrubber()).error(error);
	}
}

async function runItems(
	context: IExecuteFunctions,
	operations: OperationMap,
	secrets: RunSecrets,
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operationName = context.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}

	const items = context.getInputData();
	let policy: RequestPolicy | undefined;
	let invalidOption: unknown;
	try {
		policy = readPolicy(context);
	} catch (error) {
		invalidOption = error;
	}
	if (policy === undefined) {
		// An option that is not valid concerns every item: with Continue On Fail each input
		// becomes an error item, rather than n8n passing the inputs on as if they had been sent.
		if (!context.continueOnFail()) throw invalidOption;
		const json = (await secrets.scrubber()).value(errorJson(invalidOption));
		return [
			items.map((_item, itemIndex) => ({ json: { ...json }, pairedItem: { item: itemIndex } })),
		];
	}
	const state = operation.prepare ? await operation.prepare.call(context, policy) : undefined;
	const operationContext = { policy, state };
	const results: INodeExecutionData[][] = new Array(items.length);
	let firstError: unknown;
	let next = 0;

	/** Takes the next item and, for operations that split it out, reads its parameters. */
	const claim = (): Slot | undefined => {
		if (firstError !== undefined || next >= items.length) return undefined;
		const itemIndex = next++;
		if (!operation.read) return { itemIndex };
		try {
			return { itemIndex, input: operation.read.call(context, itemIndex, operationContext) };
		} catch (error) {
			return { itemIndex, error };
		}
	};

	const fail = async (error: unknown, itemIndex: number) => {
		const stop = !context.continueOnFail();
		if (stop) firstError ??= attachItemIndex(context, error, itemIndex);
		// Read the secrets now, while the credential still holds the session token this item
		// used: another item may log in again before the error leaves the node.
		const scrubber = await secrets.scrubber();
		if (stop) return;
		results[itemIndex] = [
			{ json: scrubber.value(errorJson(error)), pairedItem: { item: itemIndex } },
		];
	};

	const worker = async () => {
		let slot = claim();
		while (slot && firstError === undefined) {
			const { itemIndex, input, error } = slot;
			const pending =
				error !== undefined
					? Promise.reject(error)
					: operation.execute.call(context, itemIndex, operationContext, input);
			// Read the next item while this one's request is in flight, but only once the request
			// has had time to connect and be written: reading straight away would hold it back.
			// Whichever comes first, the read-ahead or the answer, claims the next item.
			const ahead: { slot?: Slot; taken: boolean } = { taken: false };
			if (operation.read) {
				void sleep(READ_AHEAD_DELAY_MS).then(() => {
					if (!ahead.taken) ahead.slot = claim();
				});
			}
			try {
				results[itemIndex] = toItems(await pending, itemIndex);
			} catch (failure) {
				await fail(failure, itemIndex);
			}
			ahead.taken = true;
			slot = ahead.slot ?? claim();
		}
	};

	// Workers start one after another, so their requests (and later their responses) are
	// spread out rather than arriving together and queueing for the CPU.
	const workers: Array<Promise<void>> = [];
	for (let started = 0; started < Math.min(policy.concurrency, items.length); started++) {
		workers.push(worker());
		if (operation.read) await sleep(0);
	}
	await Promise.all(workers);
	if (firstError !== undefined) throw firstError;
	return [results.flat()];
}
