import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { RequestPolicy } from './options';
import type { RunSettings } from './settings';

export type { RunSettings } from './settings';

export interface OperationContext<State> {
	policy: RequestPolicy;
	settings: RunSettings;
	/** What `prepare` loaded once for the whole run (e.g. the existing users). */
	state: State;
}

/**
 * One operation of one resource: its fields, what it reads from each item, an optional
 * once-per-run preparation that sees every item's input, what it does for one item (or, for
 * operations on the whole input such as Remove Leavers, once for all), and an optional last
 * step (e.g. saving what the node remembers) that runs even when items failed.
 */
export interface Operation<State = undefined, Input = undefined> {
	description: INodeProperties[];
	/** Synchronous: reads and validates one item's parameters; nothing is sent for an item it refuses. */
	read?(this: IExecuteFunctions, itemIndex: number): Input;
	prepare?(this: IExecuteFunctions, settings: RunSettings, inputs: Input[]): Promise<State>;
	/** Returns one result (one output item) or a list (one output item each). */
	execute?(
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext<State>,
		input: Input,
	): Promise<IDataObject | IDataObject[]>;
	/** Instead of `execute`: one run for all items, returning the output items with their pairedItem. */
	executeAll?(this: IExecuteFunctions, context: OperationContext<State>): Promise<WholeInputResult>;
	finish?(this: IExecuteFunctions, context: OperationContext<State>): Promise<void>;
}

/**
 * What an operation on the whole input returns: its output items, or one list per output of
 * the node when the operation has more than one (Remove Leavers' "Held for Approval").
 */
export type WholeInputResult = INodeExecutionData[] | { outputs: INodeExecutionData[][] };

/** A node's operations by resource and operation name. Methods keep operations of any state assignable. */
export type OperationMap = Record<string, Record<string, Operation<unknown, unknown>>>;
