import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationMap } from './operation';
import { readPolicy } from './options';

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

function errorJson(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string | null };
	return description ? { error: message, description } : { error: message ?? String(error) };
}

/**
 * The execute() of every node: routes to the operation, then runs it for every input
 * item with bounded concurrency. Output order matches input order; every output item
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
	const policy = readPolicy(context);
	const state = operation.prepare ? await operation.prepare.call(context, policy) : undefined;
	const results: INodeExecutionData[][] = new Array(items.length);
	let firstError: unknown;
	let next = 0;

	const worker = async () => {
		while (firstError === undefined && next < items.length) {
			const itemIndex = next++;
			try {
				const result = await operation.execute.call(context, itemIndex, { policy, state });
				results[itemIndex] = toItems(result, itemIndex);
			} catch (error) {
				if (context.continueOnFail()) {
					results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
				} else {
					firstError ??= attachItemIndex(context, error, itemIndex);
				}
			}
		}
	};

	await Promise.all(Array.from({ length: Math.min(policy.concurrency, items.length) }, worker));
	if (firstError !== undefined) throw firstError;
	return [results.flat()];
}
