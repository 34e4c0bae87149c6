import { NotFoundError } from '@backstage/errors';
import {
  SpokeHealth,
  SpokeHealthResponse,
  SpokeHealthSummary,
} from '@internal/plugin-platform-common';
import type { StoredSummary } from '../db/HealthStore';

/**
 * Spoke health as the store holds it, shaped for callers: the REST API and the
 * actions both answer from these, so a spoke reads the same everywhere.
 */

/** A spoke or service name: a DNS label. */
export const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why a name that is not a DNS label is refused. */
export const SPOKE_NAME_RULE =
  'must be a spoke name: a DNS label of a-z, 0-9 and -';

/** Whether a snapshot taken at `refreshedAt` is older than the stale age at `now`. */
export function isStale(
  refreshedAt: string,
  now: Date,
  staleAfterMs: number,
): boolean {
  return now.getTime() - Date.parse(refreshedAt) > staleAfterMs;
}

/** A stored list entry with its stale flag. */
export function toListItem(
  item: StoredSummary,
  now: Date,
  staleAfterMs: number,
): SpokeHealthSummary {
  return { ...item, stale: isStale(item.refreshedAt, now, staleAfterMs) };
}

/** A stored snapshot with its stale flag. */
export function toSpokeResponse(
  health: SpokeHealth,
  now: Date,
  staleAfterMs: number,
): SpokeHealthResponse {
  return { ...health, stale: isStale(health.refreshedAt, now, staleAfterMs) };
}

/** The answer for a spoke the store has no snapshot of. */
export function unknownSpoke(name: string): NotFoundError {
  return new NotFoundError(
    `Unknown spoke ${name}: it is not in the catalog or has not been refreshed yet`,
  );
}
