import type { Clock } from '../../src/guard/clock.ts';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * A virtual clock for the guard's tests. `now()` is virtual time; `sleep` resolves when virtual time reaches its end.
 * Time moves by itself: when two macrotask turns pass with no file-system request in flight (everything pending is
 * waiting on this clock), it jumps to the next timer. Timeouts and settle windows so elapse at once, in order.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduled = false;

  constructor(start = Date.now()) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        },
      };
      const abort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.timers.push(timer);
      this.schedule();
    });

  /** Runs fn when virtual time has moved ms on (setTimeout on this clock). */
  later(ms: number, fn: () => void): void {
    void this.sleep(ms).then(fn);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Two turns: work another task queued for the next turn (an answer "over the network") runs before time moves.
    setImmediate(() => setImmediate(() => this.tick()));
  }

  private tick(): void {
    this.scheduled = false;
    if (this.timers.length === 0) return;
    // A file read still in flight is real work the virtual time must not run ahead of.
    if (process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq'))) return this.schedule();
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers[0]!;
    this.time = Math.max(this.time, next.at);
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fire();
    if (this.timers.length > 0) this.schedule();
  }
}
