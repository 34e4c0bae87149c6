import { SpokeObservations, TgwObservations } from '../../lib/observations';
import { AwsAccess, CallStats } from './AwsAccess';
import { CollectOptions, CollectRequest, inCallScope } from './collectHelpers';
import { HealthCollector } from './HealthCollector';
import { TransitCollector } from './TransitCollector';

export type { CollectOptions } from './collectHelpers';

/** What one collection observed per spoke, and what it cost in AWS calls. */
export interface Collected {
  observations: Map<string, SpokeObservations>;
  stats: CallStats;
}

/** Where a refresh gets its observations from AWS. */
export interface ObservationSource {
  collect(request: CollectRequest, options: CollectOptions): Promise<Collected>;
}

/** Collects in the calling thread, with the given AWS access. */
export function collectInThisThread(aws: AwsAccess): ObservationSource {
  return {
    collect: (request, options) =>
      inCallScope(aws, options, scope =>
        new HealthCollector(scope).collect(request),
      ),
  };
}

/** The Transit Gateway side of a collection, and what it cost. */
export interface TransitCollected {
  observations: Map<string, TgwObservations>;
  stats: CallStats;
}

/** Where a collector pool gets the Transit Gateway side of its collections. */
export type TransitSource = (
  request: CollectRequest,
  options: CollectOptions,
) => Promise<TransitCollected>;

/** Asks the hub's Transit Gateway in the calling thread, with the given AWS access. */
export function transitInThisThread(aws: AwsAccess): TransitSource {
  return (request, options) =>
    inCallScope(aws, options, scope =>
      new TransitCollector(scope).collect(request),
    );
}

/** The calls of several collections as one. */
export function addStats(all: CallStats[]): CallStats {
  const total: CallStats = {
    calls: 0,
    attempts: 0,
    failed: 0,
    byOperation: {},
  };
  for (const s of all) {
    total.calls += s.calls;
    total.attempts += s.attempts;
    total.failed += s.failed;
    for (const [op, n] of Object.entries(s.byOperation)) {
      total.byOperation[op] = (total.byOperation[op] ?? 0) + n;
    }
  }
  return total;
}
