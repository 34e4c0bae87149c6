import { HealthStatus } from '@internal/plugin-platform-common';

/** Words for each status: the UI never relies on colour alone. */
export const STATUS_LABELS: Record<HealthStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

/** Severity used by the history chart's y axis (higher is worse, as in the roll-up). */
export const STATUS_LEVEL: Record<HealthStatus, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

export const STATUS_BY_LEVEL: HealthStatus[] = [
  'ok',
  'unknown',
  'warning',
  'critical',
];
