/**
 * One host uid per concurrent run: RLIMIT_NPROC counts processes per uid system-wide, so giving each
 * sandbox its own uid makes the process limit (and fork-bomb containment) per run, and keeps runs
 * from signalling each other. The range is far above ordinary system and login accounts.
 *
 * A uid comes back only once its sandbox is gone (a holder may still be going down after its run
 * ended and BullMQ already handed the slot to the next job), so a run that finds none free waits
 * for one, first come first served: more runs than uids is a wait, never a failure.
 */
export class UidPool {
  private readonly free: number[];
  private readonly waiting: Array<(uid: number) => void> = [];

  constructor(size: number, base = 2_000_000_000 + (process.pid % 100_000) * 1000) {
    this.free = Array.from({ length: size }, (_, i) => base + i);
  }

  /** A free uid now, or undefined (spares take only what is free). */
  tryTake(): number | undefined {
    return this.free.shift();
  }

  /** A free uid, waiting for one when all are in use. */
  take(): Promise<number> {
    const uid = this.free.shift();
    if (uid !== undefined) return Promise.resolve(uid);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Runs waiting for a uid. */
  get waiters(): number {
    return this.waiting.length;
  }

  give(uid: number): void {
    const next = this.waiting.shift();
    if (next) next(uid);
    else this.free.push(uid);
  }
}
