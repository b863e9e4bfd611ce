import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Operation, OperationContext, OperationMap } from './operation';
import { mapConcurrently } from './concurrency';
import { readRunSettings } from './settings';

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
 */
export async function runOperations(
	context: IExecuteFunctions,
	operations: OperationMap,
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
	const settings = readRunSettings(context);
	const continueOnFail = context.continueOnFail();
	const results: INodeExecutionData[][] = new Array(items.length);
	let firstError: unknown;

	const fail = (error: unknown, itemIndex: number) => {
		if (continueOnFail) {
			results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
		} else {
			firstError ??= attachItemIndex(context, error, itemIndex);
		}
	};

	const reads = items.map((_, itemIndex) => read(context, operation, itemIndex));
	for (const { itemIndex, error } of reads) if (error !== undefined) fail(error, itemIndex);
	if (firstError !== undefined) throw firstError;
	const valid = reads.filter((entry) => entry.error === undefined);
	if (valid.length === 0) return [results.flat()];

	let operationContext: OperationContext<unknown>;
	try {
		const state = operation.prepare
			? await operation.prepare.call(
					context,
					settings,
					valid.map((entry) => entry.input),
				)
			: undefined;
		operationContext = { policy: settings.policy, settings, state };
		if (operation.executeAll) {
			return [[...results.flat(), ...(await operation.executeAll.call(context, operationContext))]];
		}
	} catch (error) {
		// A failure of the run as a whole (a list call, the removal guard) is every item's failure.
		if (!continueOnFail) throw error;
		if (operation.executeAll) {
			const pairedItem = items.map((_, item) => ({ item }));
			return [[...results.flat(), { json: errorJson(error), pairedItem }]];
		}
		for (const { itemIndex } of valid) fail(error, itemIndex);
		return [results.flat()];
	}

	try {
		await mapConcurrently(
			valid,
			settings.policy.concurrency,
			async ({ itemIndex, input }) => {
				try {
					const result = await operation.execute!.call(context, itemIndex, operationContext, input);
					results[itemIndex] = toItems(result, itemIndex);
				} catch (error) {
					fail(error, itemIndex);
				}
			},
			() => firstError !== undefined,
		);
	} finally {
		await finish(context, operation, operationContext);
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
 * The operation's last step (saving the sync history). Its failure must not hide what the run
 * did: the writes happened, and a history that was not saved only means the next run sends
 * those people again.
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
			`The sync history of node "${context.getNode().name}" could not be saved; its next run sends everyone again: ${(error as Error).message}`,
		);
	}
}
