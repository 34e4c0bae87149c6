import {
  fakeHealthApi,
  httpError,
  listOf,
  sampleSpokes,
} from '../__testUtils__/fixtures';
import {
  isNewFullRun,
  refreshAllAndWait,
  refreshSpokeAndWait,
} from './refresh';

const spokes = Object.values(sampleSpokes());
const previous = listOf(spokes).lastRefresh!;
/** A run that started after the previous one finished, unless told otherwise. */
const run = (
  id: number,
  count = 3,
  startedAt = new Date(Date.parse(previous.finishedAt) + 1000).toISOString(),
) => ({ ...previous, id, spokes: count, startedAt });

describe('isNewFullRun', () => {
  it('counts a new run that covers every spoke', () => {
    expect(isNewFullRun(run(8), { runId: 7, spokes: 3 })).toBe(true);
    expect(isNewFullRun(run(1), { spokes: 3 })).toBe(true);
    expect(
      isNewFullRun(run(8), {
        runId: 7,
        spokes: 3,
        finishedAt: previous.finishedAt,
      }),
    ).toBe(true);
  });

  it('waits until every partition has run again', () => {
    // One partition ran again (new id); the others' latest runs still began before.
    const partly = run(8, 3, previous.startedAt);
    expect(
      isNewFullRun(partly, {
        runId: 7,
        spokes: 3,
        finishedAt: previous.finishedAt,
      }),
    ).toBe(false);
  });

  it('ignores the same run, a one-spoke run and no run', () => {
    expect(isNewFullRun(run(7), { runId: 7, spokes: 3 })).toBe(false);
    expect(isNewFullRun(run(8, 1), { runId: 7, spokes: 3 })).toBe(false);
    expect(isNewFullRun(undefined, { runId: 7, spokes: 3 })).toBe(false);
  });
});

describe('refreshAllAndWait', () => {
  const options = (sleep: jest.Mock) => {
    let t = 0;
    sleep.mockImplementation(async (ms: number) => {
      t += ms;
    });
    return { intervalMs: 2000, timeoutMs: 10_000, sleep, now: () => t };
  };

  it('reads the list until the new run has finished', async () => {
    const api = fakeHealthApi();
    const current = listOf(spokes);
    api.listSpokes
      .mockResolvedValueOnce(current)
      .mockResolvedValueOnce(listOf(spokes, { lastRefresh: run(8) }));
    const sleep = jest.fn();
    const result = await refreshAllAndWait(api, current, options(sleep));
    expect(api.refresh).toHaveBeenCalledWith();
    expect(result.finished).toBe(true);
    expect(result.list.lastRefresh?.id).toBe(8);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('waits for the running refresh when one is already running', async () => {
    const api = fakeHealthApi();
    api.refresh.mockRejectedValue(httpError(409, 'already running'));
    api.listSpokes.mockResolvedValue(listOf(spokes, { lastRefresh: run(9) }));
    const result = await refreshAllAndWait(
      api,
      listOf(spokes),
      options(jest.fn()),
    );
    expect(result.finished).toBe(true);
  });

  it('gives up after the timeout and returns what there is', async () => {
    const api = fakeHealthApi();
    const current = listOf(spokes);
    api.listSpokes.mockResolvedValue(current);
    const sleep = jest.fn();
    const result = await refreshAllAndWait(api, current, options(sleep));
    expect(result).toEqual({ list: current, finished: false });
    expect(sleep).toHaveBeenCalledTimes(5);
  });

  it('fails when the backend refuses the refresh', async () => {
    const api = fakeHealthApi();
    api.refresh.mockRejectedValue(httpError(403, 'Forbidden'));
    await expect(
      refreshAllAndWait(api, listOf(spokes), options(jest.fn())),
    ).rejects.toThrow('Forbidden');
    expect(api.listSpokes).not.toHaveBeenCalled();
  });
});

describe('refreshSpokeAndWait', () => {
  const options = () => {
    let t = 0;
    const sleep = jest.fn(async (ms: number) => {
      t += ms;
    });
    return { intervalMs: 2000, timeoutMs: 10_000, sleep, now: () => t };
  };
  const staging = sampleSpokes().staging;

  it('reads the spoke until its snapshot is newer than the one shown', async () => {
    const api = fakeHealthApi();
    const newer = { ...staging, refreshedAt: '2026-11-23T10:30:00.000Z' };
    api.getSpoke.mockResolvedValueOnce(staging).mockResolvedValueOnce(newer);
    const o = options();
    const result = await refreshSpokeAndWait(api, 'staging', staging, o);
    expect(api.refresh).toHaveBeenCalledWith({ spoke: 'staging' });
    expect(result).toEqual({ spoke: newer, finished: true });
    expect(o.sleep).toHaveBeenCalledTimes(1);
  });

  it('waits through 404 for a spoke refreshed the first time, and gives up after the timeout', async () => {
    const api = fakeHealthApi();
    api.getSpoke.mockRejectedValue(httpError(404, 'Unknown spoke'));
    const result = await refreshSpokeAndWait(api, 'new', undefined, options());
    expect(result).toEqual({ spoke: undefined, finished: false });
    expect(api.getSpoke).toHaveBeenCalledTimes(6);
  });

  it('passes on a refusal (too many refreshes) without waiting', async () => {
    const api = fakeHealthApi();
    api.refresh.mockRejectedValue(httpError(429, 'try again in 20 s'));
    await expect(
      refreshSpokeAndWait(api, 'staging', staging, options()),
    ).rejects.toThrow('try again in 20 s');
    expect(api.getSpoke).not.toHaveBeenCalled();
  });
});
