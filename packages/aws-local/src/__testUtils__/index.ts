import * as http from 'http';
import { fixtures } from '@internal/plugin-platform-common';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsLocal, start, StartOptions } from '../server';

/** The registry fixture every test seeds from: hub + dev, staging, prod. */
export const registry = fixtures.registry();
export const HUB = registry.hub.account;
export const REGION = registry.hub.region;
export const spoke = (name: string) =>
  registry.spokes.find(s => s.name === name)!;

export function startLocal(options: StartOptions = {}): Promise<AwsLocal> {
  return start({ registry, ...options });
}

/**
 * SDK client config for the endpoint. One attempt, so injected throttling and
 * 500s surface instead of being retried.
 */
export function clientConfig(
  aws: AwsLocal,
  options: {
    accessKeyId?: string;
    region?: string;
    sessionToken?: string;
  } = {},
) {
  return {
    endpoint: aws.url,
    region: options.region ?? REGION,
    maxAttempts: 1,
    credentials: {
      accessKeyId: options.accessKeyId ?? 'test',
      secretAccessKey: 'test',
      sessionToken: options.sessionToken,
    },
  };
}

type ClientOptions = Parameters<typeof clientConfig>[1] & {
  /**
   * Client-side timeout, for the Hang fault. Current SDKs only warn on
   * `requestTimeout` unless `throwOnRequestTimeout` is set.
   */
  requestTimeout?: number;
};

/** One client per service, all pointed at the endpoint, with the same identity. */
export function clients(aws: AwsLocal, options: ClientOptions = {}) {
  const config = {
    ...clientConfig(aws, options),
    ...(options.requestTimeout
      ? {
          requestHandler: {
            requestTimeout: options.requestTimeout,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
  };
  return {
    sts: new STSClient(config),
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    rds: new RDSClient(config),
    secrets: new SecretsManagerClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/** Clients acting in a spoke's account (12-digit access key id = that account). */
export function spokeClients(
  aws: AwsLocal,
  name: string,
  options: ClientOptions = {},
) {
  return clients(aws, { accessKeyId: spoke(name).account, ...options });
}

/** Calls the control API over HTTP (what a developer or an e2e test does). */
export function controlRequest(
  aws: AwsLocal,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const req = http.request(
      `${aws.url}/_aws-local${path}`,
      {
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
