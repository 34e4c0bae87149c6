import {
  AwsLocal,
  DEFAULT_PORTAL_EXTERNAL_ID,
  start,
} from '@internal/aws-local';
import {
  fixtures,
  Registry,
  RegistryFile,
} from '@internal/plugin-platform-common';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const AWS_ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
] as const;

/** The local AWS endpoint for a test file, with the SDK's standard environment pointing at it. */
export interface LocalAws {
  aws: AwsLocal;
  /** Back to the registry seed with every Kubernetes version in standard support. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Starts aws-local in-process, seeded from the registry, and points the AWS
 * SDK at it through the standard environment (`AWS_ENDPOINT_URL`): the code
 * under test is configured exactly as in production, only the endpoint differs.
 */
export async function startLocalAws(
  registry: Registry,
  options: { latencyMs?: number } = {},
): Promise<LocalAws> {
  const aws = await start({ registry });
  const saved = Object.fromEntries(AWS_ENV.map(k => [k, process.env[k]]));
  process.env.AWS_ENDPOINT_URL = aws.url;
  process.env.AWS_REGION = registry.hub.region;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  delete process.env.AWS_PROFILE;
  const reset = () => {
    aws.control.reset();
    // The seed follows the real EKS calendar: on the day the tests run, the
    // fixture's version may have left standard support. Keep it inside, so a
    // healthy spoke is `ok` whatever the date.
    aws.control.pinKubernetesSupport();
    if (options.latencyMs)
      aws.control.addFault({ latencyMs: options.latencyMs });
  };
  reset();
  return {
    aws,
    reset,
    async stop() {
      await aws.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

/** Writes registry files into a fresh temporary directory; returns the directory. */
export function writeRegistry(files: RegistryFile[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-registry-'));
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  return dir;
}

/**
 * `aws` config as production has it: the hub with the portal's own credentials, the
 * read-only role in every other account, assumed with the external id its trust
 * requires (the local endpoint refuses the role without it, and refuses it any call
 * its infra does not grant, so a hub call made through it fails as in AWS).
 * `accounts` are added after the hub's, e.g. one spoke with its own external id.
 */
export function portalAwsConfig(
  hubAccount: string = fixtures.registry().hub.account,
  accounts: Array<{
    accountId: string;
    roleName?: string;
    externalId?: string;
  }> = [],
) {
  return {
    accounts: [{ accountId: hubAccount }, ...accounts],
    accountDefaults: {
      roleName: 'platform-portal-readonly',
      externalId: DEFAULT_PORTAL_EXTERNAL_ID,
    },
  };
}

/** The backend config the tests run the plugin with: roles as in production, short timeouts. */
export function testConfig(registryDir: string, extra: object = {}) {
  return {
    aws: portalAwsConfig(),
    platform: {
      registryDir,
      health: {
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
        concurrency: 16,
        // Tests refresh back to back as one caller.
        manualRefreshInterval: { seconds: 0 },
        // Each test changes the local AWS endpoint and expects the next refresh to see it.
        slowChangingTtl: { seconds: 0 },
        aws: {
          maxAttempts: 2,
          requestTimeout: '1s',
          callTimeout: '4s',
        },
        ...extra,
      },
    },
  };
}
