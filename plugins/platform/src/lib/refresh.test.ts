import {
  fakeHealthApi,
  httpError,
  listOf,
  sampleSpokes,
} from '../__testUtils__/fixtures';
import { isNewFullRun, refreshAllAndWait } from './refresh';

const spokes = Object.values(sampleSpokes());
const run = (id: number, count = 3) => ({
  ...listOf(spokes).lastRefresh!,
  id,
  spokes: count,
});

describe('isNewFullRun', () => {
  it('counts a new run that covers every spoke', () => {
    expect(isNewFullRun(run(8), { runId: 7, spokes: 3 })).toBe(true);
    expect(isNewFullRun(run(1), { spokes: 3 })).toBe(true);
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
