import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { RequestPolicy } from './options';
import type { RunSettings } from './settings';

export type { RunSettings } from './settings';

/**
 * What an operation does to the vendor, which decides the run options it offers (settings.ts):
 * read sends only reads; write creates, changes or deletes what the item names (Preview); sync
 * makes the vendor match the items and skips what already does (Preview and Sync Mode); remove
 * deletes records the whole input no longer holds (Preview).
 */
export type OperationKind = 'read' | 'write' | 'sync' | 'remove';

/** What one call to the vendor is made within: the run's request policy and the item it is for. */
export interface Call {
	policy: RequestPolicy;
	itemIndex?: number;
}

/** What every step of an operation sees of the run. */
export interface OperationContext<State> {
	policy: RequestPolicy;
	settings: RunSettings;
	/** What `prepare` loaded once for the whole run (e.g. the existing users). */
	state: State;
}

interface Steps<State, Input> {
	kind: OperationKind;
	description: INodeProperties[];
	/**
	 * Reads and validates one item's parameters, synchronously. Every item is read before the
	 * first request, and nothing is sent for an item it refuses: validation belongs here.
	 */
	read: (context: IExecuteFunctions, itemIndex: number) => Input;
	/** Once per run, with every valid item's input, before anything is written. */
	prepare?: (context: IExecuteFunctions, settings: RunSettings, inputs: Input[]) => Promise<State>;
	/** The last step (e.g. saving what the node remembers); runs even when items failed. */
	finish?: (context: IExecuteFunctions, run: OperationContext<State>) => Promise<void>;
}

/** An operation run once per item: one result (one output item) or a list (one output item each). */
interface PerItem<State, Input> extends Steps<State, Input> {
	execute: (
		context: IExecuteFunctions,
		itemIndex: number,
		run: OperationContext<State>,
		input: Input,
	) => Promise<IDataObject | IDataObject[]>;
	/**
	 * Who an item is about, under the output's names (e.g. `{ uniqueId: "S00001" }`): the key a
	 * lean output carries. An operation with it writes lean unless Output Full Record is on
	 * (settings.ts), and a failed item of a version 2 node carries it beside `action: "failed"`.
	 */
	subject?: (context: IExecuteFunctions, itemIndex: number, input: Input) => IDataObject;
	executeAll?: never;
}

/**
 * What an operation on the whole input returns: its output items, or one list per output of
 * the node when the operation has more than one (Remove Leavers' "Held for Approval").
 */
export type WholeInputResult = INodeExecutionData[] | { outputs: INodeExecutionData[][] };

/** An operation on the whole input (Remove Leavers): the output items, with their pairedItem. */
interface WholeInput<State, Input> extends Steps<State, Input> {
	executeAll: (
		context: IExecuteFunctions,
		run: OperationContext<State>,
	) => Promise<WholeInputResult>;
	execute?: never;
	subject?: never;
}

/**
 * One operation of one resource: its fields, what it reads from each item, an optional
 * once-per-run preparation, what it does per item or for all of them, and an optional last step.
 * Exactly one of `execute` and `executeAll`: a module with neither does not compile.
 */
export type Operation<State, Input> = PerItem<State, Input> | WholeInput<State, Input>;

/**
 * An operation as a node holds it: its state and input types hidden, yet still checked against
 * each other, since only `use` can reach the steps and it hands them over whole.
 */
export interface DefinedOperation {
	kind: OperationKind;
	description: INodeProperties[];
	/** Whether its output is lean unless Output Full Record is on (it says its `subject`). */
	lean: boolean;
	use<Result>(run: <State, Input>(operation: Operation<State, Input>) => Result): Result;
}

/**
 * The one way an operation file defines its operation: `read`'s result is what `prepare` and
 * `execute` take, and `prepare`'s what every later step sees as `state`.
 */
export function defineOperation<State = undefined, Input = undefined>(
	operation: Operation<State, Input>,
): DefinedOperation {
	return {
		kind: operation.kind,
		description: operation.description,
		lean: operation.subject !== undefined,
		use: (run) => run(operation),
	};
}

/** A node's operations by resource and operation name. */
export type OperationMap = Record<string, Record<string, DefinedOperation>>;
