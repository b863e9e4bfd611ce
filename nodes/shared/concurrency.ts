import { sleep } from 'n8n-workflow';

/** The longest a run of items holds the event loop before letting timers and I/O run. */
const SLICE_MS = 50;

/**
 * A pause point for long item loops: awaited after each item, it lets timers and I/O run once
 * SLICE_MS have passed since the last pause. A queue-mode worker whose event loop is held too
 * long misses its job-lock renewal, and n8n fails the execution as stalled.
 */
export function breather(): () => Promise<void> {
	let sliceStart = Date.now();
	return async () => {
		if (Date.now() - sliceStart <= SLICE_MS) return;
		sliceStart = Date.now();
		await sleep(0);
	};
}

/**
 * Runs `task` for every entry with at most `limit` running at once; results keep the order of
 * the entries. `stop` is asked before each new task starts (e.g. after a failure).
 * Items that need no request (unchanged people) resolve without I/O, so thousands of them
 * would chain through the microtask queue in one go: the workers share one breather.
 */
export async function mapConcurrently<T, R>(
	entries: T[],
	limit: number,
	task: (entry: T, index: number) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<R[]> {
	const results: R[] = new Array(entries.length);
	let next = 0;
	const breathe = breather();
	const worker = async () => {
		while (!stop() && next < entries.length) {
			const index = next++;
			results[index] = await task(entries[index], index);
			await breathe();
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
	return results;
}
