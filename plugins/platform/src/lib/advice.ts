import { ResponseError } from '@backstage/errors';
import {
  HealthDetails,
  HealthDetailValue,
} from '@internal/plugin-platform-common';

/** The failed AWS call the backend records in an `unknown` check's `details.failure`. */
export interface CallFailureDetails {
  kind?: string;
  operation?: string;
  accountId?: string;
  region?: string;
  roleArn?: string;
  code?: string;
  message?: string;
}

function text(value: HealthDetailValue | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** `details.failure` of a check, if it holds one. */
export function failureOf(
  details: HealthDetails | undefined,
): CallFailureDetails | undefined {
  const failure = details?.failure;
  if (!failure || typeof failure !== 'object' || Array.isArray(failure)) {
    return undefined;
  }
  return {
    kind: text(failure.kind),
    operation: text(failure.operation),
    accountId: text(failure.accountId),
    region: text(failure.region),
    roleArn: text(failure.roleArn),
    code: text(failure.code),
    message: text(failure.message),
  };
}

/**
 * What the reader can do about a check that could not run: which role in which
 * account to fix, or that the next refresh retries. `undefined` when the check
 * carries no failure (its summary is then the whole story).
 */
export function adviceForFailure(
  failure: CallFailureDetails | undefined,
): string | undefined {
  if (!failure) return undefined;
  const account = failure.accountId
    ? `account ${failure.accountId}`
    : 'the account';
  const call = failure.operation ?? 'the AWS call';
  switch (failure.kind) {
    case 'access-denied':
      return failure.roleArn
        ? `Check that role ${failure.roleArn} exists in ${account}, trusts the portal's identity with the configured external id, and allows ${call}.`
        : `The portal used its own credentials in ${account}: configure a role for it under aws.accounts in app-config (or aws.accountDefaults.roleName) that allows ${call}.`;
    case 'credentials':
      return `Give the portal credentials for ${account}: add it under aws.accounts in app-config with the read-only role the spoke creates, or set aws.accountDefaults.roleName.`;
    case 'throttled':
      return `AWS throttled ${call} in ${account}; the next scheduled refresh retries. If it keeps happening, lower platform.health.concurrency.`;
    case 'timeout':
      return `${call} in ${account} did not answer in time; check that the backend can reach AWS (proxy, VPC endpoints). The next refresh retries.`;
    case 'skipped':
      return 'The call was not made because something it needs is missing: fix what the reason names, then refresh.';
    default:
      return `Look at the error AWS returned for ${call} in ${account}; the next refresh retries.`;
  }
}

function statusCodeOf(error: Error): number | undefined {
  return error instanceof ResponseError || error.name === 'ResponseError'
    ? (error as ResponseError).statusCode
    : undefined;
}

/**
 * What the server said, not just "Request failed with 503": a `ResponseError`
 * carries the backend's own message in its cause.
 */
export function errorMessage(error: Error): string {
  const status = statusCodeOf(error);
  const cause = (error as { cause?: unknown }).cause;
  if (status !== undefined && cause instanceof Error && cause.message) {
    return `${cause.message} (HTTP ${status})`;
  }
  return error.message;
}

/** A load error in words: what went wrong and what to do next. */
export function describeLoadError(error: Error): {
  title: string;
  advice: string;
} {
  const status = statusCodeOf(error);
  const detail = errorMessage(error);
  switch (status) {
    case 401:
    case 403:
      return {
        title: 'You are not allowed to read spoke health',
        advice:
          'Reading spoke health needs the platform.health.read permission. Ask a portal administrator to grant it.',
      };
    case 404:
      return {
        title: 'Spoke health is not available',
        advice: `The portal's backend did not find the platform API (${detail}). Check that @internal/plugin-platform-backend is added to packages/backend.`,
      };
    case 503:
      return {
        title: 'The spoke health store is unavailable',
        advice: `The backend could not read its database (${detail}). It recovers by itself when the database is back; try again in a minute.`,
      };
    default:
      return {
        title: 'Could not load spoke health',
        advice: `${detail}. Try again; if it persists, check the backend's logs for the platform plugin.`,
      };
  }
}
