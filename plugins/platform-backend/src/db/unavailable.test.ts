import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { healthFixtures } from '@internal/plugin-platform-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { TcpProxy } from '../__testUtils__/tcpProxy';
import { createRouter } from '../router';
import { DatabaseHealthStore } from './HealthStore';
import { isDatabaseUnavailable } from './unavailable';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '57P01' }, true],
    [{ code: '08006' }, true],
    [
      {
        name: 'KnexTimeoutError',
        message: 'Knex: Timeout acquiring a connection',
      },
      true,
    ],
    [{ message: 'Connection terminated unexpectedly' }, true],
    [{ code: '42601', message: 'syntax error' }, false],
    [undefined, false],
  ])('classifies %j as %s', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

describe('the API with PostgreSQL going away', () => {
  let proxy: TcpProxy;
  let proxied: Knex;

  afterAll(async () => {
    await proxied?.destroy();
    await proxy?.stop();
  });

  it('answers 503 saying the database is unreachable, and recovers by itself when it returns', async () => {
    const direct = await databases.init('POSTGRES_15');
    const { database, user } = direct.client.config.connection as {
      database: string;
      user: string;
    };
    proxy = new TcpProxy('127.0.0.1', 5432);
    const port = await proxy.start();
    proxied = knexFactory({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user, database },
      pool: { min: 0, max: 4 },
      acquireConnectionTimeout: 2_000,
      // The outage is the point of the test; knex need not print it.
      log: { warn() {}, error() {}, debug() {}, deprecate() {} },
    });
    const store = await DatabaseHealthStore.create({
      database: mockServices.database({ knex: proxied }),
    });
    await store.saveRefresh({
      trigger: 'schedule',
      startedAt: new Date(),
      finishedAt: new Date(),
      calls: 1,
      failedCalls: 0,
      snapshots: [healthFixtures.healthy('dev')],
      complete: true,
    });
    const app = express();
    app.use(
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        store,
        requestSpokeRefresh: async () => {
          throw new Error('not used');
        },
        triggerRefresh: async () => {},
        staleAfterMs: 60_000,
        databaseTimeoutMs: 3_000,
        manualRefreshIntervalMs: 30_000,
      }),
    );
    app.use(mockErrorHandler());

    const up = await request(app).get('/spokes');
    expect(up.status).toBe(200);
    expect(up.body.items.map((s: { spoke: string }) => s.spoke)).toEqual([
      'dev',
    ]);

    await proxy.stop();
    const down = await request(app).get('/spokes');
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(
      /^The spoke health database is unreachable \(.+\); spoke health will be served again as soon as it is back$/,
    );
    const downOne = await request(app).get('/spokes/dev');
    expect(downOne.status).toBe(503);

    await proxy.start();
    // No restart, no reset: the next requests find the database again.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await request(app).get('/spokes')).status;
      if (status !== 200) await new Promise(r => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await request(app).get('/spokes/dev')).body.spoke).toBe('dev');
  });
});
