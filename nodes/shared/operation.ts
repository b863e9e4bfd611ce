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
export interface Operation<State = undefined> {
	description: INodeProperties[];
	prepare?: (this: IExecuteFunctions, policy: RequestPolicy) => Promise<State>;
	/** Returns one result (one output item) or a list (one output item each). */
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext<State>,
	) => Promise<IDataObject | IDataObject[]>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationMap = Record<string, Record<string, Operation<any>>>;
