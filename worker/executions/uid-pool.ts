/**
 * One host uid per concurrent run: RLIMIT_NPROC counts processes per uid system-wide, so giving each
 * sandbox its own uid makes the process limit (and fork-bomb containment) per run, and keeps runs
 * from signalling each other. The range is far above ordinary system and login accounts.
 */
export class UidPool {
  private readonly free: number[];

  constructor(size: number, base = 2_000_000_000 + (process.pid % 100_000) * 1000) {
    this.free = Array.from({ length: size }, (_, i) => base + i);
  }

  take(): number {
    const uid = this.free.shift();
    if (uid === undefined) throw new Error('no sandbox uid free: more runs than the worker concurrency');
    return uid;
  }

  give(uid: number): void {
    this.free.push(uid);
  }
}
