import type {
  HealthCheckResult,
  HealthComponent,
  HealthDetails,
  HealthStatus,
} from '@internal/plugin-platform-common';
import { CallFailure, Observed } from '../observations';

/** A check's identity; the verdict is added by {@link CheckSpec.verdict}. */
export interface CheckSpec {
  id: string;
  component: HealthComponent;
  title: string;
}

export function verdict(
  spec: CheckSpec,
  status: HealthStatus,
  summary: string,
  details: HealthDetails = {},
): HealthCheckResult {
  return { ...spec, status, summary, details };
}

/** The check could not run because a call failed: `unknown`, with the failure's reason. */
export function unknownBecause(
  spec: CheckSpec,
  failure: CallFailure,
): HealthCheckResult {
  return verdict(spec, 'unknown', failure.reason, {
    failure: failureDetails(failure),
  });
}

export function failureDetails(failure: CallFailure): HealthDetails {
  const details: HealthDetails = {
    kind: failure.kind,
    operation: failure.operation,
    message: failure.message,
  };
  if (failure.accountId) details.accountId = failure.accountId;
  if (failure.region) details.region = failure.region;
  if (failure.roleArn) details.roleArn = failure.roleArn;
  if (failure.code) details.code = failure.code;
  return details;
}

/** The first failure among the inputs a check needs, if any. */
export function firstFailure(
  ...inputs: Array<Observed<unknown>>
): CallFailure | undefined {
  for (const input of inputs) {
    if (!input.ok) return input.failure;
  }
  return undefined;
}

/** Maps an AWS state to a status through explicit lists; anything unlisted is a warning. */
export function classify(
  state: string | undefined,
  table: { ok: string[]; warning: string[]; critical: string[] },
): HealthStatus {
  if (state === undefined) return 'unknown';
  const s = state.toLowerCase();
  const has = (list: string[]) => list.some(x => x.toLowerCase() === s);
  if (has(table.ok)) return 'ok';
  if (has(table.critical)) return 'critical';
  // Listed warnings and states AWS adds later: a change we do not know is worth a look.
  return 'warning';
}

export function isoDate(d: Date | string | undefined): string | undefined {
  if (!d) return undefined;
  const date = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(date.getTime())
    ? undefined
    : date.toISOString().slice(0, 10);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
