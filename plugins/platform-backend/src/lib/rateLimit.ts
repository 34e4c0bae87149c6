/**
 * One action per key per interval: a person's refreshes by hand. Keys whose
 * interval has passed are forgotten, so the map holds at most the people who
 * asked within the last interval.
 */
export class IntervalLimiter {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  /** Takes the key's turn at `now`, or says how long until it has one. */
  take(
    key: string,
    now: number,
  ): { ok: true } | { ok: false; retryAfterMs: number } {
    for (const [k, at] of this.last) {
      if (now - at >= this.intervalMs) this.last.delete(k);
    }
    const at = this.last.get(key);
    if (at !== undefined) {
      return { ok: false, retryAfterMs: this.intervalMs - (now - at) };
    }
    this.last.set(key, now);
    return { ok: true };
  }

  /** Gives the turn taken at `at` back (the action was refused for another reason). */
  release(key: string, at: number): void {
    if (this.last.get(key) === at) this.last.delete(key);
  }
}
