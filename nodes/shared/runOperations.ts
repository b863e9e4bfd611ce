import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapConcurrently } from './concurrency';
import type { Operation, OperationContext, OperationMap } from './operation';
import { itemsAtOnce } from './options';
import { keptFromSending } from './request';
import { RunSecrets } from './scrub';
import { readRunSettings, type RunSettings } from './settings';
import { stoppedSendingError, Traffic } from './traffic';

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

type Read = { itemIndex: number; input?: unknown; error?: unknown };

/**
 * The execute() of every node: routes to the operation, reads and validates every item
 * first (an item with bad input is never sent), prepares once with all inputs, then runs
 * the items with bounded concurrency. Output order matches input order; every output item
 * carries its pairedItem; with "Continue On Fail" a failed item becomes an error item.
 *
 * This is also the one place items and errors leave the node, so it is where the credential's
 * secrets are scrubbed from them (see scrub.ts): from every output item, every error item and
 * the error it throws. A vendor that echoes the request can quote a secret in a success too.
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
	const continueOnFail = context.continueOnFail();
	const everyItem = items.map((_, item) => ({ item }));
	/** A failure of the run as a whole (an option, a list call, the removal guard). */
	const runFailed = async (error: unknown): Promise<INodeExecutionData[][]> => {
		if (!continueOnFail) throw error;
		const json = (await secrets.scrubber()).value(errorJson(error));
		// Operations on the whole input answer with one item; the others with one per input.
		if (operation.executeAll) return [[...results.flat(), { json, pairedItem: everyItem }]];
		for (const { itemIndex } of valid)
			results[itemIndex] = [{ json: { ...json }, pairedItem: { item: itemIndex } }];
		return [results.flat()];
	};

	const results: INodeExecutionData[][] = new Array(items.length);
	let firstError: unknown;
	let traffic: Traffic | undefined;
	const fail = async (error: unknown, itemIndex: number) => {
		if (!continueOnFail) {
			firstError ??= attachItemIndex(context, error, itemIndex);
			// The run fails: items already started send nothing more.
			traffic?.halt();
			return;
		}
		// Read the secrets now, while the credential still holds the session token this item
		// used: another item may log in again before the error leaves the node.
		const scrubber = await secrets.scrubber();
		results[itemIndex] = [
			{ json: scrubber.value(errorJson(error)), pairedItem: { item: itemIndex } },
		];
	};

	const reads = items.map((_, itemIndex) => read(context, operation, itemIndex));
	let valid: Read[] = reads.map(({ itemIndex }) => ({ itemIndex }));
	let settings: RunSettings;
	try {
		settings = readRunSettings(context);
		// Without an execution id (never in a real run) the pace is this node run's own.
		const execution = context.getExecutionId() ?? `run ${Date.now()} ${Math.random()}`;
		traffic = new Traffic(execution, settings.policy.concurrency === 'adaptive');
		settings = { ...settings, policy: { ...settings.policy, traffic } };
	} catch (error) {
		// An option that is not valid concerns every item, before anything is sent.
		return await runFailed(error);
	}
	for (const { itemIndex, error } of reads) if (error !== undefined) await fail(error, itemIndex);
	if (firstError !== undefined) throw firstError;
	valid = reads.filter((entry) => entry.error === undefined);
	if (valid.length === 0) return [results.flat()];

	let operationContext: OperationContext<unknown>;
	try {
		const inputs = valid.map((entry) => entry.input);
		const state = operation.prepare
			? await operation.prepare.call(context, settings, inputs)
			: undefined;
		operationContext = { policy: settings.policy, settings, state };
		if (operation.executeAll) {
			const scrubber = await secrets.scrubber();
			const all = await operation.executeAll.call(context, operationContext);
			return [
				[...results.flat(), ...all.map((item) => ({ ...item, json: scrubber.value(item.json) }))],
			];
		}
	} catch (error) {
		return await runFailed(error);
	}

	/** Items the circuit breaker kept from being sent: never started, or stopped before sending. */
	const notSent = new Set(valid.map(({ itemIndex }) => itemIndex));
	try {
		await mapConcurrently(
			valid,
			itemsAtOnce(settings.policy),
			async ({ itemIndex, input }) => {
				try {
					notSent.delete(itemIndex);
					const result = await operation.execute!.call(context, itemIndex, operationContext, input);
					// Scrubbed like errors, and read now for the same reason (see fail()).
					const scrubber = await secrets.scrubber();
					results[itemIndex] = toItems(scrubber.value(result), itemIndex);
				} catch (error) {
					if (keptFromSending(error) && traffic!.stopped) notSent.add(itemIndex);
					else await fail(error, itemIndex);
				}
			},
			() => firstError !== undefined || traffic!.stopped !== undefined,
		);
	} finally {
		await finish(context, operation, operationContext);
	}
	const stopped = traffic!.stopped;
	if (stopped) {
		// One error each, naming the cause and how many were not sent; nothing was remembered for them.
		for (const itemIndex of notSent) {
			await fail(
				stoppedSendingError(context, stopped, notSent.size, valid.length, itemIndex),
				itemIndex,
			);
		}
	}
	if (firstError !== undefined) throw firstError;
	return [results.flat()];
}

function read(
	context: IExecuteFunctions,
	operation: Operation<unknown, unknown>,
	itemIndex: number,
): Read {
	if (!operation.read) return { itemIndex };
	try {
		return { itemIndex, input: operation.read.call(context, itemIndex) };
	} catch (error) {
		return { itemIndex, error };
	}
}

/**
 * The operation's last step (handing what the node remembers to n8n). Its failure must not
 * hide what the run did: the writes happened, and a state that was not saved only means the
 * next run sends those people again.
 */
async function finish(
	context: IExecuteFunctions,
	operation: Operation<unknown, unknown>,
	operationContext: OperationContext<unknown>,
) {
	if (!operation.finish) return;
	try {
		await operation.finish.call(context, operationContext);
	} catch (error) {
		context.logger.warn(
			`What node "${context.getNode().name}" remembers could not be saved; its next run sends again what this run sent: ${(error as Error).message}`,
		);
	}
}
