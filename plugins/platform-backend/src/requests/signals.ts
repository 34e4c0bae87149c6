import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import {
  PLATFORM_REQUESTS_SIGNAL_CHANNEL,
  PlatformRequestsSignal,
} from '@internal/plugin-platform-common';
import { TrackedRequest } from './RequestStore';

/**
 * Pure: whether a write changed what the Requests pages show. The time of the last
 * look (`observedAt`, the portal evidence's `checkedAt`) moves on every poll and is
 * not a change; everything the timeline is computed from is.
 */
export function changedForPages(
  before: TrackedRequest,
  after: TrackedRequest,
): boolean {
  const shown = (r: TrackedRequest) =>
    JSON.stringify([
      r.stage,
      r.ended,
      r.endReason ?? null,
      r.stuck ?? null,
      r.failed,
      r.title ?? null,
      r.owner ?? null,
      {
        ...r.facts,
        portal: r.facts.portal && { ...r.facts.portal, checkedAt: null },
      },
    ]);
  return shown(before) !== shown(after);
}

/**
 * Pure: the nudge for changed requests: their ids only, sent to the users and groups
 * that read them by default (requester, owning team, platform team). The signals
 * backend delivers it to a connection whose ownership refs include one of them; the
 * page then refetches through the permission-checked REST API. Refs are the stored
 * lower-case ones.
 */
export function requestsSignal(
  requests: TrackedRequest[],
  platformTeam: string[],
): SignalPayload<PlatformRequestsSignal> | undefined {
  if (requests.length === 0) return undefined;
  const refs = new Set<string>();
  const add = (ref: string) => refs.add(ref.toLocaleLowerCase('en-US'));
  platformTeam.forEach(add);
  for (const r of requests) {
    add(r.requester);
    if (r.owner) add(r.owner);
  }
  return {
    recipients: { type: 'user', entityRef: [...refs].sort() },
    channel: PLATFORM_REQUESTS_SIGNAL_CHANNEL,
    message: { ids: requests.map(r => r.id) },
  };
}

/** Publishes {@link requestsSignal} for the requests that changed. */
export function publishRequestsSignal(
  signals: Pick<SignalsService, 'publish'>,
  platformTeam: string[],
) {
  return async (requests: TrackedRequest[]): Promise<void> => {
    const signal = requestsSignal(requests, platformTeam);
    if (signal) await signals.publish(signal);
  };
}
