import { mockServices } from '@backstage/backend-test-utils';
import { fixtures } from '@internal/plugin-platform-common';
import { Worker } from 'node:worker_threads';
import { DEFAULT_AWS } from '../../config';
import {
  LocalAws,
  portalAwsConfig,
  startLocalAws,
} from '../../__testUtils__/awsLocal';
import { testAwsAccess } from '../../__testUtils__/collect';
import { entitiesFromRegistry } from '../../__testUtils__/entities';
import { targetsFromEntities } from '../../lib/spokes';
import { partitionOf } from '../../lib/partitions';
import { AwsAccess } from './AwsAccess';
import { CollectorThreadData } from './collectorThread';
import {
  collectorWorkerEntry,
  CollectorPool,
  startCollectorWorker,
} from './CollectorPool';
import { CollectRequest } from './collectHelpers';
import { collectInThisThread, transitInThisThread } from './ObservationSource';

// Each thread loads the SDK from source through the TypeScript transform first.
jest.setTimeout(60_000);

const registry = fixtures.registry();
let local: LocalAws;
const pools: CollectorPool[] = [];
const accesses: AwsAccess[] = [];

beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map(p => p.close()));
  accesses.splice(0).forEach(a => a.close());
  local.reset();
});
afterAll(() => local.stop());

const data: CollectorThreadData = {
  awsConfig: portalAwsConfig(),
  callConfig: { ...DEFAULT_AWS, maxAttempts: 1 },
  concurrency: 8,
  slowChangingTtlMs: 0,
};

function pool(
  threads: number,
  startWorker?: (d: CollectorThreadData) => Worker,
): CollectorPool {
  // The backend thread's own AWS access, which asks the Transit Gateway side.
  const backendAws = testAwsAccess();
  accesses.push(backendAws);
  const p = new CollectorPool(
    {
      threads,
      partitions: 4,
      data,
      transit: transitInThisThread(backendAws),
      logger: mockServices.logger.mock(),
    },
    startWorker,
  );
  pools.push(p);
  return p;
}

function request(): CollectRequest {
  const { hub, spokes } = targetsFromEntities(entitiesFromRegistry(registry));
  return { hub, spokes, registry: { ok: true, hub: registry.hub } };
}

/**
 * Observations as plain data, for comparing what two collections saw; the local
 * endpoint's times follow the clock (restorable time, certificate expiry), so they
 * compare as dates, not to the millisecond.
 */
const plain = (m: Map<string, unknown>) =>
  JSON.parse(JSON.stringify(Object.fromEntries([...m].sort())), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) ? 'date' : v,
  );

describe('CollectorPool', () => {
  it('sees in its threads what a collection in this thread sees, with the hub listings asked once', async () => {
    const aws = testAwsAccess();
    const here = await collectInThisThread(aws).collect(request(), {});
    aws.close();

    const there = await pool(2).collect(request(), {});

    expect([...there.observations.keys()].sort()).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
    expect(plain(there.observations)).toEqual(plain(here.observations));
    // Dates cross as dates (of the main realm, which Jest's sandbox does not share).
    const aurora = there.observations.get('dev')!.aurora.clusters;
    expect(
      Object.prototype.toString.call(
        aurora.ok && aurora.value[0].LatestRestorableTime,
      ),
    ).toBe('[object Date]');
    // The spokes went to both threads. The hub's Transit Gateway listings were asked
    // once, by this thread, for all of them, as a collection in one thread does; the
    // region-wide calendars once per thread (each thread reuses its own across runs).
    expect(
      new Set(registry.spokes.map(s => (partitionOf(s.name, 4) - 1) % 2)).size,
    ).toBe(2);
    const perThread = [
      'eks:DescribeClusterVersions',
      'eks:DescribeAddonVersions',
      'rds:DescribeDBMajorEngineVersions',
    ];
    const expected = Object.fromEntries(
      Object.entries(here.stats.byOperation).map(([op, n]) => [
        op,
        perThread.includes(op) ? 2 * n : n,
      ]),
    );
    expect(there.stats.byOperation).toEqual(expected);
    expect(there.stats.byOperation['ec2:DescribeTransitGateways']).toBe(1);
    expect(there.stats.failed).toBe(0);
  });

  it('collects in a thread that never loads the EC2 client', async () => {
    // A collector thread that, after each answer, also says which SDK clients it has
    // loaded: the EC2 client is the largest (tens of MiB per thread) and only the
    // Transit Gateway side, asked in the backend's thread, needs it.
    let reportLoaded: (modules: string[]) => void = () => {};
    const loaded = new Promise<string[]>(r => {
      reportLoaded = r;
    });
    const entry = collectorWorkerEntry();
    const p = pool(1, d => {
      const worker = new Worker(
        `
        const { parentPort } = require('node:worker_threads');
        const post = parentPort.postMessage.bind(parentPort);
        parentPort.postMessage = message => {
          post(message);
          post({ type: 'loaded', modules: Object.keys(require.cache) });
        };
        require(${JSON.stringify(entry.filename)});
        `,
        {
          eval: true,
          workerData: d,
          execArgv: entry.execArgv,
          env: { ...process.env },
        },
      );
      worker.on('message', m => {
        if (m.type === 'loaded') reportLoaded(m.modules);
      });
      return worker;
    });

    const collected = await p.collect(request(), {});

    expect(collected.stats.failed).toBe(0);
    expect(collected.observations.get('dev')!.tgw.attachments.ok).toBe(true);
    const sdkClients = (await loaded)
      .map(m => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(m)?.[1])
      .filter(Boolean);
    expect(new Set(sdkClients)).toEqual(
      new Set([
        'client-eks',
        'client-rds',
        'client-secrets-manager',
        'client-cloudwatch',
        'client-sts',
      ]),
    );
  });

  it('sends a spoke to the thread of its partition, whatever the request holds', () => {
    const p = pool(3);
    for (const name of ['dev', 'prod', 'staging', 'spoke-017', 'x']) {
      expect(p.threadOf(name)).toBe((partitionOf(name, 4) - 1) % 3);
    }
  });

  it('stops the calls in its threads when the signal aborts', async () => {
    // Every spoke account call hangs: only the abort can end the collection before
    // the 20 s call timeout, and Jest gives up sooner than that.
    local.aws.control.addFault({ service: 'eks', error: 'Hang' });
    const controller = new AbortController();
    const collecting = pool(2).collect(request(), {
      signal: controller.signal,
    });
    // Once the hub has been read, the spokes' EKS calls are in flight.
    await new Promise(r => setTimeout(r, 1_000));
    controller.abort();
    const { observations } = await collecting;
    const cluster = observations.get('dev')!.eks.cluster;
    expect(cluster.ok).toBe(false);
    expect(!cluster.ok && cluster.failure.reason).toMatch(
      /the refresh was stopped/,
    );
  });

  it('fails only the collections of a thread that dies, and starts another for the next', async () => {
    let started = 0;
    const p = pool(1, d => {
      started += 1;
      if (started === 1) {
        // A thread that dies on its first request.
        return new Worker(
          "require('node:worker_threads').parentPort.on('message', () => process.exit(3))",
          { eval: true },
        );
      }
      return startCollectorWorker(d);
    });
    await expect(p.collect(request(), {})).rejects.toThrow(
      'The spoke health collector thread exited with code 3',
    );
    const next = await p.collect(request(), {});
    expect(next.observations.size).toBe(3);
    expect(started).toBe(2);
  });

  it('refuses a pool without threads', () => {
    expect(() => pool(0)).toThrow(
      'A collector pool needs at least one thread, got 0',
    );
  });
});
