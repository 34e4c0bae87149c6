import { RequestStage, TimelineState } from '@internal/plugin-platform-common';

/** A stage in words, as the page shows it. */
export const STAGE_LABELS: Record<RequestStage, string> = {
  open: 'open',
  draft: 'draft',
  'changes-requested': 'changes requested',
  approved: 'approved',
  merged: 'merged',
  deploying: 'deploying',
  deployed: 'deployed',
  healthy: 'healthy',
  closed: 'ended',
};

/** A timeline step's state in words, for screen readers and the legend. */
export const STATE_LABELS: Record<TimelineState, string> = {
  done: 'done',
  running: 'running',
  waiting: 'waiting',
  failed: 'failed',
  skipped: 'skipped',
};
