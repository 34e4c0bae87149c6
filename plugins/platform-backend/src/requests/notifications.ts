import { RequestStage } from '@internal/plugin-platform-common';
import { RequestDescription } from './timeline';

/**
 * Pure: which notifications a change of a request's description calls for. Each has a
 * key; the tracker stores the keys it sent, so a restart or a second replica never
 * sends one twice.
 */

export interface PlannedNotification {
  key: string;
  /** The requester always; the owning team too on failure. */
  recipients: string[];
  title: string;
  description: string;
  severity: 'low' | 'normal' | 'high';
}

const STAGE_WORDS: Record<RequestStage, string> = {
  open: 'pull request open',
  draft: 'pull request is a draft',
  'changes-requested': 'changes requested',
  approved: 'pull request approved',
  merged: 'merged',
  deploying: 'deploying',
  deployed: 'deployed',
  healthy: 'running and healthy',
  closed: 'ended',
};

/** Words for a stage, as the page and the notifications say it. */
export function stageWords(stage: RequestStage): string {
  return STAGE_WORDS[stage];
}

export function planNotifications(options: {
  entityRef: string;
  requester: string;
  owner?: string;
  next: RequestDescription;
  alreadySent: ReadonlySet<string>;
}): PlannedNotification[] {
  const { entityRef, requester, owner, next, alreadySent } = options;
  const planned: PlannedNotification[] = [];
  const stageKey = `stage:${next.stage}`;
  if (!alreadySent.has(stageKey)) {
    planned.push({
      key: stageKey,
      recipients: [requester],
      title: `${entityRef}: ${stageWords(next.stage)}`,
      description:
        next.stage === 'closed'
          ? next.endReason ?? 'the request ended'
          : next.stuck ??
            `The request for ${entityRef} is ${stageWords(next.stage)}.`,
      severity: next.stage === 'healthy' ? 'normal' : 'low',
    });
  }
  if (next.failed && next.stuck) {
    const failKey = `failed:${next.stuck}`;
    if (!alreadySent.has(failKey)) {
      planned.push({
        key: failKey,
        recipients:
          owner && owner !== requester ? [requester, owner] : [requester],
        title: `${entityRef}: ${next.stuck}`,
        description: `The request for ${entityRef} needs attention: ${next.stuck}.`,
        severity: 'high',
      });
    }
  }
  return planned;
}
