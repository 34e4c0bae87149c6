import { CallFailure, CallFailureKind } from '../../lib/observations';

/** Where a failure happened: an AWS call, or getting credentials for the account. */
export interface FailureContext {
  /** `eks:DescribeCluster`; `sts:AssumeRole` for credentials. */
  operation: string;
  accountId?: string;
  region?: string;
  /** The role configured for the account, if any. */
  roleArn?: string;
  phase: 'call' | 'credentials';
  /** The timeout that applied, for the sentence. */
  timeoutMs?: number;
}

/** Raised when our own timer (not the SDK's) gave up on a call. */
export class CallTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

const ACCESS_DENIED =
  /AccessDenied|UnauthorizedOperation|NotAuthorized|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|AuthFailure|SignatureDoesNotMatch|Forbidden/i;
const THROTTLED =
  /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled|LimitExceeded/i;
const TIMEOUT = /Timeout|TimedOut|AbortError|ETIMEDOUT|ESOCKETTIMEDOUT/i;

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Classifies an SDK error; pure, so every branch is unit tested. */
export function classifyAwsError(error: unknown): {
  kind: CallFailureKind;
  code: string;
  message: string;
  attempts?: number;
} {
  const e = (error ?? {}) as ErrorLike;
  const code = String(e.Code ?? e.name ?? e.code ?? 'Error');
  const message = String(e.message ?? error);
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const both = `${code} ${e.code ?? ''}`;
  let kind: CallFailureKind = 'error';
  if (error instanceof CallTimeoutError || TIMEOUT.test(both)) kind = 'timeout';
  else if (ACCESS_DENIED.test(both) || status === 403) kind = 'access-denied';
  else if (THROTTLED.test(both) || status === 429) kind = 'throttled';
  else if (
    code === 'CredentialsProviderError' ||
    /no AWS integration that matches/i.test(message)
  ) {
    kind = 'credentials';
  }
  return { kind, code, message, attempts };
}

/**
 * Turns a failed AWS call (or credential lookup) into a {@link CallFailure} whose
 * `reason` says which call, which account and region, which role, and what AWS
 * said: the sentence a platform engineer sees next to an `unknown` check.
 */
export function describeAwsError(
  error: unknown,
  ctx: FailureContext,
): CallFailure {
  const { kind, code, message, attempts } = classifyAwsError(error);
  const where = `account ${ctx.accountId ?? '(unknown)'}${
    ctx.region ? ` (${ctx.region})` : ''
  }`;
  const as = ctx.roleArn
    ? `as ${ctx.roleArn}`
    : "with the portal's own credentials";
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  let reason: string;
  if (ctx.phase === 'credentials') {
    if (kind === 'access-denied') {
      reason = `AccessDenied assuming ${
        ctx.roleArn ?? 'the configured role'
      } in account ${ctx.accountId}: ${message}`;
    } else if (kind === 'timeout') {
      reason = `No credentials for account ${ctx.accountId}: ${
        ctx.roleArn ? `assuming ${ctx.roleArn}` : 'the credential provider'
      } did not answer within ${seconds(ctx.timeoutMs ?? 0)}`;
    } else if (/no AWS integration that matches/i.test(message)) {
      reason = `No AWS credentials for account ${ctx.accountId}: add it to aws.accounts or set aws.accountDefaults.roleName`;
    } else {
      reason = `Could not get credentials for account ${ctx.accountId}${
        ctx.roleArn ? ` (assuming ${ctx.roleArn})` : ''
      }: ${code}: ${message}`;
    }
  } else if (kind === 'access-denied') {
    reason = `${ctx.operation} in ${where} was denied ${as}: ${code}: ${message}`;
  } else if (kind === 'throttled') {
    reason = `AWS throttled ${ctx.operation} in ${where}${tries}: ${code}: ${message}`;
  } else if (kind === 'timeout') {
    reason = `${ctx.operation} in ${where} did not answer within ${seconds(
      ctx.timeoutMs ?? 0,
    )}${tries}`;
  } else {
    reason = `${ctx.operation} in ${where} failed${tries}: ${code}: ${message}`;
  }
  return {
    kind:
      ctx.phase === 'credentials' && kind === 'error' ? 'credentials' : kind,
    operation: ctx.operation,
    accountId: ctx.accountId,
    region: ctx.region,
    roleArn: ctx.roleArn,
    code,
    message,
    reason,
  };
}

/** A failure for a call that was not made because something it needs is missing. */
export function skipped(
  operation: string,
  reason: string,
  ctx: { accountId?: string; region?: string } = {},
): CallFailure {
  return {
    kind: 'skipped',
    operation,
    accountId: ctx.accountId,
    region: ctx.region,
    message: reason,
    reason,
  };
}
