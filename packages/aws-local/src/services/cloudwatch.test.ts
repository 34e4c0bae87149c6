import {
  GetMetricDataCommand,
  InvalidParameterValueException,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { DEFAULT_PORTAL_EXTERNAL_ID } from './RoleTrusts';
import { AwsLocal } from '../server';
import {
  clients,
  controlRequest,
  registry,
  spoke,
  spokeClients,
  startLocal,
} from '../__testUtils__';

/** The fixed clock: a request's newest datapoint is at 10:07. */
const NOW = new Date('2026-11-23T10:07:30Z');

const lagQuery = (id: string, instance: string): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: 'AWS/RDS',
      MetricName: 'AuroraReplicaLag',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instance }],
    },
    Period: 60,
    Stat: 'Maximum',
  },
});

describe('cloudwatch GetMetricData', () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal({ now: () => NOW });
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  const lastFiveMinutes = (queries: MetricDataQuery[]) =>
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date('2026-11-23T10:03:00Z'),
      EndTime: NOW,
    });

  it('answers the seeded replica lag of each reader, newest first, within the window', async () => {
    const { cloudwatch } = spokeClients(aws, 'prod');
    const out = await cloudwatch.send(
      lastFiveMinutes([
        lagQuery('r1', 'prod-aurora-reader-1'),
        lagQuery('w', 'prod-aurora-writer'),
      ]),
    );
    expect(spoke('prod').aurora.readers).toBeGreaterThan(0);
    expect(out.MetricDataResults).toEqual([
      {
        Id: 'r1',
        Label: 'AuroraReplicaLag',
        StatusCode: 'Complete',
        // 10:07 back to 10:03: five minutes of the seeded values.
        Timestamps: [
          new Date('2026-11-23T10:07:00Z'),
          new Date('2026-11-23T10:06:00Z'),
          new Date('2026-11-23T10:05:00Z'),
          new Date('2026-11-23T10:04:00Z'),
          new Date('2026-11-23T10:03:00Z'),
        ],
        Values: [18, 22, 15, 20, 17],
      },
      // The writer publishes no replica lag.
      {
        Id: 'w',
        Label: 'AuroraReplicaLag',
        StatusCode: 'Complete',
        Timestamps: [],
        Values: [],
      },
    ]);
  });

  it('fills a five-minute window that ends just before the endpoint’s minute', async () => {
    // The caller's clock read 10:06:59.99 when it asked; the endpoint's reads 10:07:30.
    const { cloudwatch } = spokeClients(aws, 'prod');
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [lagQuery('r1', 'prod-aurora-reader-1')],
        StartTime: new Date('2026-11-23T10:01:59.990Z'),
        EndTime: new Date('2026-11-23T10:06:59.990Z'),
      }),
    );
    expect(out.MetricDataResults![0].Timestamps).toEqual([
      new Date('2026-11-23T10:06:00Z'),
      new Date('2026-11-23T10:05:00Z'),
      new Date('2026-11-23T10:04:00Z'),
      new Date('2026-11-23T10:03:00Z'),
      new Date('2026-11-23T10:02:00Z'),
    ]);
    expect(out.MetricDataResults![0].Values).toEqual([22, 15, 20, 17, 19]);
  });

  it('answers a lag set through the control API, only in the replica’s own account', async () => {
    const id =
      'AWS/RDS/AuroraReplicaLag/DBInstanceIdentifier=prod-aurora-reader-1';
    const patched = await controlRequest(aws, 'PATCH', '/resources', {
      kind: 'cloudwatch-metric',
      id,
      set: { Values: [12_500, 9_000] },
    });
    expect(patched.status).toBe(200);
    const prod = await spokeClients(aws, 'prod').cloudwatch.send(
      lastFiveMinutes([lagQuery('r1', 'prod-aurora-reader-1')]),
    );
    expect(prod.MetricDataResults?.[0].Values).toEqual([12_500, 9_000]);
    const dev = await spokeClients(aws, 'dev').cloudwatch.send(
      lastFiveMinutes([lagQuery('r1', 'prod-aurora-reader-1')]),
    );
    expect(dev.MetricDataResults?.[0].Values).toEqual([]);
  });

  it('refuses malformed queries as CloudWatch does', async () => {
    const { cloudwatch } = spokeClients(aws, 'prod');
    const error = await cloudwatch
      .send(lastFiveMinutes([lagQuery('Bad-Id', 'prod-aurora-reader-1')]))
      .catch(e => e);
    // The query error code InvalidParameterValue is the SDK's typed exception.
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toMatch(/must start with a lowercase letter/);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('raises injected faults as the SDK’s errors, and lets the portal role read metrics', async () => {
    aws.control.addFault({
      service: 'monitoring',
      operation: 'GetMetricData',
      error: 'Throttling',
      times: 1,
    });
    const { cloudwatch } = spokeClients(aws, 'prod');
    const throttled = await cloudwatch
      .send(lastFiveMinutes([lagQuery('r1', 'prod-aurora-reader-1')]))
      .catch(e => e);
    expect(throttled.name).toBe('Throttling');

    const { Credentials } = await clients(aws).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${spoke('prod').account}:role/${
          registry.hub.portal.roleName
        }`,
        RoleSessionName: 'platform-portal',
        ExternalId: DEFAULT_PORTAL_EXTERNAL_ID,
      }),
    );
    const portal = clients(aws, {
      accessKeyId: Credentials!.AccessKeyId!,
      sessionToken: Credentials!.SessionToken,
    });
    await expect(
      portal.cloudwatch.send(
        lastFiveMinutes([lagQuery('r1', 'prod-aurora-reader-1')]),
      ),
    ).resolves.toMatchObject({
      MetricDataResults: [{ Values: [18, 22, 15, 20, 17] }],
    });
  });
});
