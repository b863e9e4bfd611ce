import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { breather, mapConcurrently } from './concurrency';
import type { Operation, OperationContext, OperationMap } from './operation';
import { itemsAtOnce } from './options';
import { keptFromSending } from './request';
import { RunSecrets, type SecretSource } from './scrub';
import { isLeanVersion, readRunSettings, type RunSettings } from './settings';
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

/**
 * The execute() of every node: routes to the operation, reads and validates every item
 * first (an item with bad input is never sent), prepares once with all inputs, then runs
 * the items with bounded concurrency. Output order matches input order; every output item
 * carries its pairedItem; with "Continue On Fail" a failed item becomes an error item.
 *
 * This is also the one place items and errors leave the node, so it is where the credential's
 * secrets, as the vendor declares them, are scrubbed from them (see scrub.ts): from every output item, every error item and
 * the error it throws. A vendor that echoes the request can quote a secret in a success too.
 */
export async function runOperations(
	context: IExecuteFunctions,
	vendor: SecretSource,
	operations: OperationMap,
): Promise<INodeExecutionData[][]> {
	const secrets = new RunSecrets(context, vendor);
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
	const defined = operations[resource]?.[operationName];
	if (!defined) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}
	return await defined.use((operation) => runOperation(context, operation, secrets));
}

async function runOperation<State, Input>(
	context: IExecuteFunctions,
	operation: Operation<State, Input>,
	secrets: RunSecrets,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const everyItem = items.map((_, item) => ({ item }));
	/** A failure of the run as a whole (an option, a list call, the removal guard). */
	const runFailed = async (error: unknown): Promise<INodeExecutionData[][]> => {
		if (!continueOnFail) throw error;
		const scrubber = await secrets.scrubber();
		// Operations on the whole input answer with one item; the others with one per input.
		if (operation.executeAll) {
			const json = scrubber.value(errorJson(error));
			return everyOutput(context, [[...results.flat(), { json, pairedItem: everyItem }]]);
		}
		for (const itemIndex of pending) {
			const json = scrubber.value(failedJson(error, itemIndex));
			results[itemIndex] = [{ json, pairedItem: { item: itemIndex } }];
		}
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
			{ json: scrubber.value(failedJson(error, itemIndex)), pairedItem: { item: itemIndex } },
		];
	};

	const reads = await readAll(context, operation, items.length);
	/**
	 * A failed item of a version 2 node's write, in the main output, says `action: "failed"` and
	 * whom it is about (when its input could be read), so a summary of the run counts failures
	 * beside created, updated and unchanged. n8n routes only items of exactly error, message and
	 * details to an error output, so there (where n8n adds the input item's fields) it is the
	 * error alone, as on version 1.
	 */
	const subjectOf =
		isLeanVersion(context) && context.getNode().onError !== 'continueErrorOutput'
			? operation.subject
			: undefined;
	const failedJson = (error: unknown, itemIndex: number): IDataObject => {
		if (!subjectOf) return errorJson(error);
		const entry = reads[itemIndex];
		let subject: IDataObject = {};
		if (entry && 'input' in entry) {
			try {
				subject = subjectOf(context, itemIndex, entry.input);
			} catch {
				// Whom it is about is a courtesy: the error itself must go out.
			}
		}
		return { action: 'failed', ...subject, ...errorJson(error) };
	};
	/** The items a failure of the whole run answers for: every item until some are refused. */
	let pending = reads.map(({ itemIndex }) => itemIndex);
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
	for (const entry of reads) if ('error' in entry) await fail(entry.error, entry.itemIndex);
	if (firstError !== undefined) throw firstError;
	const valid = reads.filter((entry): entry is Read<Input> => !('error' in entry));
	pending = valid.map(({ itemIndex }) => itemIndex);
	if (valid.length === 0) return [results.flat()];

	let run: OperationContext<State>;
	try {
		const inputs = valid.map((entry) => entry.input);
		// Without a prepare step an operation's state is undefined (its State defaults to it).
		const state = operation.prepare
			? await operation.prepare(context, settings, inputs)
			: (undefined as State);
		run = { policy: settings.policy, settings, state };
		if (operation.executeAll) {
			const scrubber = await secrets.scrubber();
			const all = await operation.executeAll(context, run);
			const [first = [], ...more] = Array.isArray(all) ? [all] : all.outputs;
			const scrubbed = (list: INodeExecutionData[]) =>
				list.map((item) => ({ ...item, json: scrubber.value(item.json) }));
			return everyOutput(context, [[...results.flat(), ...scrubbed(first)], ...more.map(scrubbed)]);
		}
	} catch (error) {
		return await runFailed(error);
	}

	/** Items the circuit breaker kept from being sent: never started, or stopped before sending. */
	const notSent = new Set(valid.map(({ itemIndex }) => itemIndex));
	const execute = operation.execute;
	try {
		await mapConcurrently(
			valid,
			itemsAtOnce(settings.policy),
			async ({ itemIndex, input }, position) => {
				traffic!.itemsLeft(valid.length - position);
				try {
					notSent.delete(itemIndex);
					const result = await execute(context, itemIndex, run, input);
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
		await finish(context, operation, run);
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

/**
 * A list for every main output the node has now (Remove Leavers' "Held for Approval" too), empty
 * where nothing leaves by it: n8n's expressions fail on an output a node did not return.
 */
function everyOutput(
	context: IExecuteFunctions,
	outputs: INodeExecutionData[][],
): INodeExecutionData[][] {
	const main = context
		.getNodeOutputs()
		.filter((output) => output.type === NodeConnectionTypes.Main && output.category !== 'error');
	while (outputs.length < main.length) outputs.push([]);
	return outputs;
}

/**
 * Reads every item before the first request, pausing now and then: reading evaluates each
 * item's expressions (about 0.4 ms each in n8n 2.x), so thousands of people take seconds.
 */
async function readAll<State, Input>(
	context: IExecuteFunctions,
	operation: Operation<State, Input>,
	count: number,
): Promise<Array<Read<Input> | Refused>> {
	const reads: Array<Read<Input> | Refused> = [];
	const breathe = breather();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		reads.push(read(context, operation, itemIndex));
		await breathe();
	}
	return reads;
}

type Read<Input> = { itemIndex: number; input: Input };
type Refused = { itemIndex: number; error: unknown };

function read<State, Input>(
	context: IExecuteFunctions,
	operation: Operation<State, Input>,
	itemIndex: number,
): Read<Input> | Refused {
	try {
		return { itemIndex, input: operation.read(context, itemIndex) };
	} catch (error) {
		return { itemIndex, error };
	}
}

/**
 * The operation's last step (handing what the node remembers to n8n). Its failure must not
 * hide what the run did: the writes happened, and a state that was not saved only means the
 * next run sends those people again.
 */
async function finish<State, Input>(
	context: IExecuteFunctions,
	operation: Operation<State, Input>,
	run: OperationContext<State>,
) {
	if (!operation.finish) return;
	try {
		await operation.finish(context, run);
	} catch (error) {
		context.logger.warn(
			`What node "${context.getNode().name}" remembers could not be saved; its next run sends again what this run sent: ${(error as Error).message}`,
		);
	}
}
