/**
 * Runs `task` for every entry with at most `limit` running at once; results keep the order of
 * the entries. `stop` is asked before each new task starts (e.g. after a failure).
 */
export async function mapConcurrently<T, R>(
	entries: T[],
	limit: number,
	task: (entry: T, index: number) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<R[]> {
	const results: R[] = new Array(entries.length);
	let next = 0;
	const worker = async () => {
		while (!stop() && next < entries.length) {
			const index = next++;
			results[index] = await task(entries[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
	return results;
}
