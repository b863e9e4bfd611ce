import { sleep } from 'n8n-workflow';

/** The longest a run of items holds the event loop before letting timers and I/O run. */
const SLICE_MS = 50;

/**
 * Runs `task` for every entry with at most `limit` running at once; results keep the order of
 * the entries. `stop` is asked before each new task starts (e.g. after a failure).
 * Items that need no request (unchanged people) resolve without I/O, so thousands of them
 * would chain through the microtask queue in one go: the workers yield every SLICE_MS, or a
 * queue-mode worker misses its job-lock renewal and n8n fails the execution as stalled.
 */
export async function mapConcurrently<T, R>(
	entries: T[],
	limit: number,
	task: (entry: T, index: number) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<R[]> {
	const results: R[] = new Array(entries.length);
	let next = 0;
	let sliceStart = Date.now();
	const worker = async () => {
		while (!stop() && next < entries.length) {
			const index = next++;
			results[index] = await task(entries[index], index);
			if (Date.now() - sliceStart > SLICE_MS) {
				sliceStart = Date.now();
				await sleep(0);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
	return results;
}
