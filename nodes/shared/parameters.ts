import type { IExecuteFunctions } from 'n8n-workflow';

/** Marks a parameter whose value may differ per item: it holds an expression. */
const PER_ITEM = Symbol('per item');

/** Per node run (n8n makes a context per run), what `runSwitch` learned of each parameter. */
const runs = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

/** A value n8n hands over unchanged for every item: no expression, not a collection. */
const isPlain = (raw: unknown) =>
	typeof raw === 'boolean' ||
	typeof raw === 'number' ||
	(typeof raw === 'string' && !raw.startsWith('='));

/**
 * An item's value of a switch or a dropdown (Simplify, Match On…): read once per run when the
 * parameter holds a plain value, per item when it holds an expression. n8n's getNodeParameter
 * copies, resolves and checks the parameter against the node's description on every call,
 * thousands of times for a value that cannot differ between items.
 */
export function runSwitch<T extends string | number | boolean>(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: T,
): T {
	let known = runs.get(context);
	if (!known) runs.set(context, (known = new Map()));
	if (known.has(name)) {
		const value = known.get(name);
		if (value !== PER_ITEM) return value as T;
		return context.getNodeParameter(name, itemIndex, fallback) as T;
	}
	const value = context.getNodeParameter(name, itemIndex, fallback) as T;
	// A parameter the node does not hold (hidden, or a test's stand-in context) is read per item.
	const raw = context.getNode().parameters[name];
	known.set(name, raw !== undefined && isPlain(raw) ? value : PER_ITEM);
	return value;
}
