import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pLimit from 'p-limit';
import { AwsCallConfig, roleArnResolver } from '../../config';
import { failed, Observed, observed } from '../../lib/observations';
import {
  CallTimeoutError,
  describeAwsError,
  skipped,
} from './describeAwsError';

/** The SDK clients for one account and region, with the role they act as. */
export interface AccountClients {
  accountId: string;
  region: string;
  roleArn?: string;
  eks: EKSClient;
  /**
   * Built, and its module loaded, on first use: only the hub's Transit Gateway
   * listings and the teardown check need it, and it is the largest of the SDK's
   * clients (about 55 MiB resident beside the others), which a collector
   * thread asking the spoke accounts never pays.
   */
  readonly ec2: EC2Client;
  rds: RDSClient;
  secretsManager: SecretsManagerClient;
  cloudwatch: CloudWatchClient;
}

/** What one refresh cost in AWS calls. */
export interface CallStats {
  /** Logical calls (an SDK `send`, or fetching role credentials). */
  calls: number;
  /** HTTP attempts, retries included, as the SDK reports them. */
  attempts: number;
  failed: number;
  byOperation: Record<string, number>;
}

type AwsCredentialIdentityProvider =
  AwsCredentialProvider['sdkCredentialProvider'];
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Temporary credentials are renewed this long before they expire. */
const CREDENTIALS_REFRESH_MARGIN_MS = 5 * 60_000;

interface AccountEntry {
  clients: AccountClients;
  credentials: MemoizedCredentials;
}

/**
 * A credential provider memoized per account: every client of the account shares
 * one AssumeRole until the credentials near expiry. A failed fetch is not cached,
 * so the next refresh tries again.
 */
class MemoizedCredentials {
  private current?: Promise<AwsCredentialIdentity>;
  private value?: AwsCredentialIdentity;

  constructor(private readonly source: AwsCredentialIdentityProvider) {}

  /** What the SDK clients call. */
  readonly provider: AwsCredentialIdentityProvider = async () =>
    (await this.resolve()).credentials;

  /** The credentials, and whether this call started a fetch (for counting STS calls). */
  async resolve(): Promise<{
    credentials: AwsCredentialIdentity;
    fetched: boolean;
  }> {
    const value = this.value;
    if (
      value &&
      (!value.expiration ||
        value.expiration.getTime() - Date.now() > CREDENTIALS_REFRESH_MARGIN_MS)
    ) {
      return { credentials: value, fetched: false };
    }
    if (this.current)
      return { credentials: await this.current, fetched: false };
    this.current = this.source();
    try {
      this.value = await this.current;
      return { credentials: this.value, fetched: true };
    } finally {
      this.current = undefined;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimeoutError(ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Options of one call made through {@link AwsCallScope.call}. */
export interface CallOptions<T> {
  /** Turns an error meaning "does not exist" into a value instead of a failure. */
  notFound?: { matches: (error: unknown) => boolean; value: T };
}

const STOPPED =
  'Not asked: the refresh was stopped (the scheduler aborted it, or the backend is shutting down)';

/**
 * One refresh's AWS calls: bounded, timed out, counted, failures described. Once
 * its signal aborts, calls in flight are cancelled and no new call is made.
 */
export class AwsCallScope {
  private readonly stats: CallStats = {
    calls: 0,
    attempts: 0,
    failed: 0,
    byOperation: {},
  };

  constructor(
    private readonly access: AwsAccess,
    private readonly signal?: AbortSignal,
    private readonly fresh = false,
  ) {}

  /**
   * An answer that changes rarely (names, listings), reused across refreshes for the
   * configured time; a fresh scope (a refresh by hand) always asks and renews it.
   * Failures are never reused.
   */
  async slowChanging<T>(
    key: string,
    fetch: () => Promise<Observed<T>>,
  ): Promise<Observed<T>> {
    if (!this.fresh) {
      const reused = this.access.reuse(key) as Observed<T> | undefined;
      if (reused) return reused;
    }
    const value = await fetch();
    if (value.ok) this.access.remember(key, value);
    return value;
  }

  /** Forgets a reused answer that turned out stale (a listed name is gone). */
  forget(key: string): void {
    this.access.forget(key);
  }

  getStats(): CallStats {
    return {
      ...this.stats,
      byOperation: { ...this.stats.byOperation },
    };
  }

  private count(operation: string, attempts = 1, failedCall = false) {
    this.stats.calls += 1;
    this.stats.attempts += attempts;
    if (failedCall) this.stats.failed += 1;
    this.stats.byOperation[operation] =
      (this.stats.byOperation[operation] ?? 0) + 1;
  }

  /**
   * The account's clients once its credentials resolve (assuming its role if
   * configured), or the failure that says why not: every call in the account
   * depends on this, so it is checked once, up front.
   */
  async clients(
    accountId: string,
    region: string,
  ): Promise<Observed<AccountClients>> {
    const { callTimeoutMs } = this.access.callConfig;
    const roleArn = this.access.roleArnFor(accountId);
    if (this.signal?.aborted) {
      return failed(
        skipped(roleArn ? 'sts:AssumeRole' : 'credentials', STOPPED, {
          accountId,
          region,
        }),
      );
    }
    const ctx = {
      operation: roleArn ? 'sts:AssumeRole' : 'credentials',
      accountId,
      region,
      roleArn,
      phase: 'credentials' as const,
      timeoutMs: callTimeoutMs,
    };
    let entry: AccountEntry;
    try {
      entry = await withTimeout(
        this.access.entry(accountId, region),
        callTimeoutMs,
      );
    } catch (e) {
      this.stats.failed += 1;
      return failed(describeAwsError(e, ctx));
    }
    try {
      const { fetched } = await this.access.run(() =>
        withTimeout(entry.credentials.resolve(), callTimeoutMs),
      );
      if (fetched && roleArn) this.count('sts:AssumeRole');
      return observed(entry.clients);
    } catch (e) {
      if (roleArn) this.count('sts:AssumeRole', 1, true);
      else this.stats.failed += 1;
      return failed(describeAwsError(e, ctx));
    }
  }

  /** Makes one AWS call under the concurrency limit and the call timeout. */
  async call<T>(
    clients: AccountClients,
    operation: string,
    send: (abortSignal: AbortSignal) => Promise<T>,
    options: CallOptions<T> = {},
  ): Promise<Observed<T>> {
    const { callTimeoutMs } = this.access.callConfig;
    return this.access.run(async () => {
      // Waiting in the queue while the refresh stopped: do not start the call.
      if (this.signal?.aborted)
        return failed(skipped(operation, STOPPED, clients));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), callTimeoutMs);
      const stop = () => controller.abort();
      this.signal?.addEventListener('abort', stop);
      try {
        const result = await withTimeout(
          send(controller.signal),
          callTimeoutMs + 100,
        );
        const attempts = (result as { $metadata?: { attempts?: number } })
          ?.$metadata?.attempts;
        this.count(operation, attempts ?? 1);
        return observed(result);
      } catch (e) {
        const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata
          ?.attempts;
        if (options.notFound?.matches(e)) {
          this.count(operation, attempts ?? 1);
          return observed(options.notFound.value);
        }
        this.count(operation, attempts ?? 1, true);
        if (this.signal?.aborted)
          return failed(skipped(operation, STOPPED, clients));
        const error = controller.signal.aborted
          ? new CallTimeoutError(callTimeoutMs)
          : e;
        return failed(
          describeAwsError(error, {
            operation,
            accountId: clients.accountId,
            region: clients.region,
            roleArn: clients.roleArn,
            phase: 'call',
            timeoutMs: controller.signal.aborted
              ? callTimeoutMs
              : this.access.callConfig.requestTimeoutMs,
          }),
        );
      } finally {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', stop);
      }
    });
  }
}

export interface AwsAccessOptions {
  credentialsManager: AwsCredentialsManager;
  config: AwsCallConfig;
  /** AWS calls in flight at once, across every account. */
  concurrency: number;
  /** How long {@link AwsCallScope.slowChanging} answers are reused; 0: never. */
  slowChangingTtlMs?: number;
  now?: () => number;
  /** The role configured for an account, to name it in failure reasons. */
  roleArnFor?: (accountId: string) => string | undefined;
}

/**
 * AWS access for spoke health: SDK v3 clients per account and region, built from
 * `@backstage/integration-aws-node` credentials and cached across refreshes; one
 * concurrency limit for every call; a timeout per HTTP attempt and per call; SDK
 * retries with backoff. Endpoints are never set here, so the SDK's standard
 * environment (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`) decides where calls go.
 */
export class AwsAccess {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly accounts = new Map<string, Promise<AccountEntry>>();
  /**
   * One HTTP handler for every client: an AWS endpoint (eks.<region>.amazonaws.com)
   * is the same host for every account, so keep-alive connections are reused across
   * accounts instead of each account opening its own.
   */
  private readonly requestHandler: NodeHttpHandler;

  static create(options: AwsAccessOptions): AwsAccess {
    return new AwsAccess(options);
  }

  /**
   * AWS access as the root config's `aws` section says: credentials from
   * `@backstage/integration-aws-node`, and each account's configured role named in
   * failure reasons.
   */
  static fromConfig(
    root: Config,
    options: Omit<AwsAccessOptions, 'credentialsManager' | 'roleArnFor'>,
  ): AwsAccess {
    return new AwsAccess({
      ...options,
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(root),
      roleArnFor: roleArnResolver(root),
    });
  }

  private constructor(private readonly options: AwsAccessOptions) {
    this.limit = pLimit(options.concurrency);
    const { config } = options;
    const agent = {
      keepAlive: true,
      maxSockets: Math.max(options.concurrency, 50),
    };
    this.requestHandler = new NodeHttpHandler({
      requestTimeout: config.requestTimeoutMs,
      connectionTimeout: config.connectionTimeoutMs,
      // Without this the handler only warns when requestTimeout passes.
      throwOnRequestTimeout: true,
      httpAgent: agent,
      httpsAgent: agent,
    });
  }

  /**
   * A refresh's view of AWS access: the same clients, its own call counts, and the
   * refresh's abort signal.
   */
  scope(
    options: {
      signal?: AbortSignal;
      /** Ask for everything, renewing the answers reused across refreshes. */
      fresh?: boolean;
    } = {},
  ): AwsCallScope {
    return new AwsCallScope(this, options.signal, options.fresh);
  }

  private readonly reused = new Map<
    string,
    { at: number; value: Observed<unknown> }
  >();

  /** @internal */
  reuse(key: string): Observed<unknown> | undefined {
    const ttl = this.options.slowChangingTtlMs ?? 0;
    const entry = this.reused.get(key);
    if (!entry || ttl <= 0) return undefined;
    if (this.clock() - entry.at >= ttl) {
      this.reused.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** @internal */
  remember(key: string, value: Observed<unknown>): void {
    if ((this.options.slowChangingTtlMs ?? 0) > 0) {
      this.reused.set(key, { at: this.clock(), value });
    }
  }

  /** @internal */
  forget(key: string): void {
    this.reused.delete(key);
  }

  private clock(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Closes every connection. */
  close(): void {
    this.requestHandler.destroy();
    this.accounts.clear();
    this.reused.clear();
  }

  /** @internal */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.limit(fn);
  }

  /** @internal */
  get callConfig(): AwsCallConfig {
    return this.options.config;
  }

  /** @internal */
  roleArnFor(accountId: string): string | undefined {
    return this.options.roleArnFor?.(accountId);
  }

  /** @internal */
  entry(accountId: string, region: string): Promise<AccountEntry> {
    const key = `${accountId}/${region}`;
    let entry = this.accounts.get(key);
    if (!entry) {
      entry = this.createEntry(accountId, region);
      this.accounts.set(key, entry);
      // A failed lookup (unknown account) is retried next time, not cached.
      entry.catch(() => this.accounts.delete(key));
    }
    return entry;
  }

  private async createEntry(
    accountId: string,
    region: string,
  ): Promise<AccountEntry> {
    const { sdkCredentialProvider } =
      await this.options.credentialsManager.getCredentialProvider({
        accountId,
      });
    const credentials = new MemoizedCredentials(sdkCredentialProvider);
    const { config } = this.options;
    const common = () => ({
      region,
      credentials: credentials.provider,
      maxAttempts: config.maxAttempts,
      retryMode: config.retryMode,
      requestHandler: this.requestHandler,
    });
    let ec2: EC2Client | undefined;
    const clients: AccountClients = {
      accountId,
      region,
      roleArn: this.roleArnFor(accountId),
      eks: withoutLogger(new EKSClient(common())),
      get ec2() {
        if (!ec2) {
          const sdk: typeof import('@aws-sdk/client-ec2') = require('@aws-sdk/client-ec2');
          ec2 = withoutLogger(new sdk.EC2Client(common()));
        }
        return ec2;
      },
      rds: withoutLogger(new RDSClient(common())),
      secretsManager: withoutLogger(new SecretsManagerClient(common())),
      cloudwatch: withoutLogger(new CloudWatchClient(common())),
    };
    return { credentials, clients };
  }
}

/**
 * The SDK's logger middleware copies every response through its sensitive-data
 * filter even though nothing logs it (a no-op logger): measurable CPU per call.
 */
function withoutLogger<
  C extends { middlewareStack: { remove(name: string): unknown } },
>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
