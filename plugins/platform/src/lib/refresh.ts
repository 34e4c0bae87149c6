import { ResponseError } from '@backstage/errors';
import {
  HealthRefreshRun,
  SpokeHealthResponse,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import { PlatformHealthApi } from '../api';

export interface WaitOptions {
  /** Between two reads of the spoke list. */
  intervalMs: number;
  /** Give up (and show what there is) after this long. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_WAIT: WaitOptions = {
  intervalMs: 2_000,
  timeoutMs: 120_000,
};

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Whether `run` is a refresh of every spoke that started after the one we had
 * finished. With the refresh split into partitions the backend reports the span of
 * every partition's latest run, so its start passes the previous finish only once
 * every partition has run again.
 */
export function isNewFullRun(
  run: HealthRefreshRun | undefined,
  before: { runId?: number; spokes: number; finishedAt?: string },
): boolean {
  if (!run || run.id === before.runId) return false;
  if (
    before.finishedAt &&
    Date.parse(run.startedAt) <= Date.parse(before.finishedAt)
  ) {
    return false;
  }
  // A one-spoke refresh by hand also makes a run; only one that covers every spoke counts.
  return run.spokes >= before.spokes;
}

function isConflict(error: unknown): boolean {
  return (
    (error instanceof ResponseError ||
      (error as Error | undefined)?.name === 'ResponseError') &&
    (error as ResponseError).statusCode === 409
  );
}

/**
 * Refreshes every spoke and waits for the result. The backend runs the refresh on
 * its scheduler and answers 202 at once (409 when one is already running, which
 * is as good), so the list is read until a new run covering every spoke appears.
 */
export async function refreshAllAndWait(
  api: PlatformHealthApi,
  current: SpokeListResponse | undefined,
  options: WaitOptions = DEFAULT_WAIT,
): Promise<{ list: SpokeListResponse; finished: boolean }> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const before = {
    runId: current?.lastRefresh?.id,
    spokes: current?.items.length ?? 0,
    finishedAt: current?.lastRefresh?.finishedAt,
  };
  try {
    await api.refresh();
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const list = await api.listSpokes();
    if (isNewFullRun(list.lastRefresh, before)) return { list, finished: true };
    if (now() >= deadline) return { list, finished: false };
    await sleep(options.intervalMs);
  }
}

/**
 * Refreshes one spoke and waits for its new snapshot. The backend queues the refresh
 * behind any run already going and answers 202 at once, so the spoke is read until
 * its `refreshedAt` moves past the one we had.
 */
export async function refreshSpokeAndWait(
  api: PlatformHealthApi,
  name: string,
  current: SpokeHealthResponse | undefined,
  options: WaitOptions = DEFAULT_WAIT,
): Promise<{ spoke?: SpokeHealthResponse; finished: boolean }> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const before = current ? Date.parse(current.refreshedAt) : -Infinity;
  await api.refresh({ spoke: name });
  const deadline = now() + options.timeoutMs;
  let spoke: SpokeHealthResponse | undefined;
  for (;;) {
    try {
      spoke = await api.getSpoke(name);
      if (Date.parse(spoke.refreshedAt) > before)
        return { spoke, finished: true };
    } catch (error) {
      // A spoke refreshed for the first time is 404 until its snapshot lands.
      if ((error as ResponseError).statusCode !== 404) throw error;
    }
    if (now() >= deadline) return { spoke, finished: false };
    await sleep(options.intervalMs);
  }
}
