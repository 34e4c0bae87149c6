import { IntervalLimiter } from './rateLimit';

describe('IntervalLimiter', () => {
  it('allows one action per key per interval and says when the next one is', () => {
    const limiter = new IntervalLimiter(30_000);
    expect(limiter.take('user:default/ana', 0)).toEqual({ ok: true });
    expect(limiter.take('user:default/ana', 10_000)).toEqual({
      ok: false,
      retryAfterMs: 20_000,
    });
    // Someone else has their own turn.
    expect(limiter.take('user:default/ben', 10_000)).toEqual({ ok: true });
    expect(limiter.take('user:default/ana', 30_000)).toEqual({ ok: true });
    expect(limiter.take('user:default/ana', 59_999)).toEqual({
      ok: false,
      retryAfterMs: 1,
    });
  });

  it('gives a turn back when the action was refused for another reason', () => {
    const limiter = new IntervalLimiter(30_000);
    expect(limiter.take('user:default/ana', 0)).toEqual({ ok: true });
    // Releasing a turn taken at another time leaves the current one.
    limiter.release('user:default/ana', 5);
    expect(limiter.take('user:default/ana', 10).ok).toBe(false);
    limiter.release('user:default/ana', 0);
    expect(limiter.take('user:default/ana', 10)).toEqual({ ok: true });
  });
});
