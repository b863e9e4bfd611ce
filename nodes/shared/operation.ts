import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RequestPolicy } from './options';

export interface OperationContext<State> {
	policy: RequestPolicy;
	/** What `prepare` loaded once for the whole run (e.g. the existing users). */
	state: State;
}

/**
 * One operation of one resource: its fields, an optional once-per-run preparation,
 * and what it does for one input item.
 */
export interface Operation<State = undefined, Input = undefined> {
	description: INodeProperties[];
	prepare?: (this: IExecuteFunctions, policy: RequestPolicy) => Promise<State>;
	/**
	 * Optional, synchronous: reads and validates one item's parameters. Bulk operations
	 * split this out so the runner can read the next item while a request is in flight.
	 */
	read?: (this: IExecuteFunctions, itemIndex: number, context: OperationContext<State>) => Input;
	/** Returns one result (one output item) or a list (one output item each). */
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext<State>,
		input: Input,
	) => Promise<IDataObject | IDataObject[]>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationMap = Record<string, Record<string, Operation<any, any>>>;
