import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Breaker, type FailureKind, type Health, type Opened } from './breaker';
import { AdaptiveLimit, PACE, sharedLimit, type LoadSignal, type Slot } from './pace';

/** What one attempt holds while in flight: its place in the pace and whether it probes. */
export interface Pass {
	slot?: Slot;
	probe: boolean;
}

/** The pace (when adaptive) and the circuit breaker of one vendor server, for one node run. */
export class Lane {
	readonly breaker = new Breaker();

	constructor(
		readonly vendor: string,
		private readonly limit: AdaptiveLimit | undefined,
		private readonly halted: () => boolean,
		private readonly itemsLeft: () => number,
	) {}

	/** Waits until the attempt may be sent, or says why it may not. */
	async enter(): Promise<Pass | 'stopped' | 'halted'> {
		// The slot first: a request queued for one must still ask the breaker when its turn comes.
		const slot = await this.limit?.acquire();
		const turn = this.halted() ? 'halted' : await this.breaker.beforeSend();
		if (turn === 'send' || turn === 'probe') return { slot, probe: turn === 'probe' };
		if (slot) this.limit!.release(slot, 'none');
		return turn;
	}

	leave(pass: Pass, health: Health, load: LoadSignal) {
		if (pass.slot) {
			const ending = this.itemsLeft() < this.limit!.perSecond * PACE.endSeconds;
			this.limit!.release(pass.slot, load, !ending);
		}
		this.breaker.record(health, pass.probe);
	}
}

/**
 * The lanes of one node run, one per vendor server (origin). With adaptive concurrency the
 * pace comes from the execution's shared limit of that server; the breaker is the run's own.
 */
export class Traffic {
	private readonly lanes = new Map<string, Lane>();
	private isHalted = false;
	private left = Infinity;

	constructor(
		private readonly executionId: string,
		private readonly adaptive: boolean,
	) {}

	lane(url: string, vendor: string): Lane {
		const origin = originOf(url);
		let lane = this.lanes.get(origin);
		if (!lane) {
			const limit = this.adaptive ? sharedLimit(this.executionId, origin) : undefined;
			lane = new Lane(
				vendor,
				limit,
				() => this.isHalted,
				() => this.left,
			);
			this.lanes.set(origin, lane);
		}
		return lane;
	}

	/** Items of the run not yet started: near the end the pace stops probing for more. */
	itemsLeft(count: number) {
		this.left = count;
	}

	/** The run failed (On Error → Stop): requests not yet sent are not sent. */
	halt() {
		this.isHalted = true;
	}

	/** Why the run stopped sending to a server, if it did. */
	get stopped(): (Opened & { vendor: string }) | undefined {
		for (const lane of this.lanes.values())
			if (lane.breaker.opened) return { ...lane.breaker.opened, vendor: lane.vendor };
		return undefined;
	}
}

/** Scheme, host and port only: no path, user name or password reaches the key. */
function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'unknown';
	}
}

const ADVICE: Record<FailureKind, (vendor: string) => string> = {
	unavailable: (vendor) => `${vendor} seems down or overloaded: run again later.`,
	unreachable: (vendor) =>
		`${vendor} could not be reached: check the Base URL in the credential and that the server is up.`,
	credential: (vendor) =>
		`${vendor} refused the credential: fix it (API token, user name or password) and run again.`,
	login: (vendor) =>
		`${vendor} refused the credential's login: fix it (user name or password) and run again. One failed login stops the run, so the account is not locked by repeated attempts.`,
};

/** The error of an item the run did not send because the circuit breaker opened. */
export function stoppedSendingError(
	context: IExecuteFunctions,
	stopped: Opened & { vendor: string },
	notSent: number,
	total: number,
	itemIndex: number,
): NodeOperationError {
	const { vendor, failures, reason, kind } = stopped;
	return new NodeOperationError(
		context.getNode(),
		`Not sent: ${vendor} failed ${failures} times in a row (${reason}), so the run stopped sending; ${notSent} of ${total} items were not sent`,
		{
			description: `${ADVICE[kind](vendor)} Nothing was sent or remembered for this item, so the next run sends it.`,
			itemIndex,
		},
	);
}
