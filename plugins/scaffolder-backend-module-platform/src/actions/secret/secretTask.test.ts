import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { fixtures } from '@internal/plugin-platform-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import * as fs from 'fs';
import * as path from 'path';
import { AddressInfo } from 'net';
import { parse as parseYaml } from 'yaml';
import { RunbookSecretStore } from './AwsRunbookSecretStore';
import { createSecretCreateAction } from './secretCreate';

/*
 * The New secret template run as a real scaffolder task (POST /v2/tasks with secrets,
 * the real task store and workflow runner on a database this test can read), then the
 * value searched for everywhere the scaffolder keeps or shows anything: the database,
 * the task API, its event log. AWS is a recording fake: what reaches it is the point.
 */

jest.setTimeout(60_000);

const VALUE =
  'https://hooks.slack.com/services/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';
const TEMPLATE_PATH = path.resolve(
  __dirname,
  '../../../../../templates/new-secret/template.yaml',
);

const template = {
  ...parseYaml(fs.readFileSync(TEMPLATE_PATH, 'utf8')),
  metadata: {
    ...parseYaml(fs.readFileSync(TEMPLATE_PATH, 'utf8')).metadata,
    namespace: 'default',
  },
};
const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'phl-store',
    namespace: 'default',
    annotations: { 'platform.io/spokes': 'dev' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/storefront-team',
  },
};

/*
 * An in-memory SQLite this test owns and never destroys. The scaffolder's task
 * workers and its scheduler may still finish a query after backend.stop(); with a
 * database destroyed in afterAll (TestDatabases), that query rejects unhandled and
 * takes down the Jest worker running the next test file.
 */
const knex = knexFactory({
  client: 'better-sqlite3',
  connection: ':memory:',
  useNullAsDefault: true,
});

describe('New secret as a scaffolder task', () => {
  const created: Array<{ name: string; secretString: string; tags: unknown }> =
    [];
  const store: RunbookSecretStore = {
    async open() {
      return {
        describe: async () => undefined,
        create: async input => {
          created.push(input);
          return {
            arn: `arn:aws:secretsmanager:ap-southeast-3:222233334444:secret:${input.name}-AbCdEf`,
          };
        },
      };
    },
  };

  async function request(
    port: number,
    method: string,
    urlPath: string,
    body?: unknown,
  ) {
    const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header('user:default/dewi'),
        'content-type': 'application/json',
        connection: 'close',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, text: await response.text() };
  }

  it('keeps the value out of the database, the task API and the log, and hands it only to AWS', async () => {
    const actions = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'platform-secret-test',
      register(env) {
        env.registerInit({
          deps: {
            scaffolder: scaffolderActionsExtensionPoint,
            permissions: coreServices.permissions,
            auditor: coreServices.auditor,
          },
          async init({ scaffolder, permissions, auditor }) {
            scaffolder.addActions(
              createSecretCreateAction({
                registry: { load: () => fixtures.registry() },
                catalog: catalogServiceMock({ entities: [service] }),
                permissions,
                auditor,
                store,
              }),
            );
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        actions,
        catalogServiceMock.factory({ entities: [template, service] }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory(),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    try {
      const started = await request(port, 'POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/new-secret',
        values: {
          service: 'component:default/phl-store',
          environments: ['system:default/dev'],
          kind: 'slack-webhook',
          name: 'slack-alerts',
          description: 'Alerts channel webhook',
          tenant: 'Slack',
          // What the form's Secret field leaves in the parameters: a mask, never the value.
          webhookUrl: '*'.repeat(VALUE.length),
        },
        secrets: { webhookUrl: VALUE },
      });
      expect(started.status).toBe(201);
      const { id } = JSON.parse(started.text);

      let task: any;
      for (let i = 0; i < 100; i++) {
        task = JSON.parse(
          (await request(port, 'GET', `/api/scaffolder/v2/tasks/${id}`)).text,
        );
        if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
        await new Promise(r => setTimeout(r, 200));
      }
      const events = await request(
        port,
        'GET',
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      expect(task.status).toBe('completed');

      // AWS got the value, with the five tags, once.
      expect(created).toEqual([
        expect.objectContaining({
          name: `${fixtures.registry().hub.project}/dev/phl-store/slack-alerts`,
          secretString: VALUE,
        }),
      ]);

      // Nothing the scaffolder keeps or shows holds it.
      const tables: Array<{ name: string }> = await knex('sqlite_master')
        .where({ type: 'table' })
        .select('name');
      const rows = await Promise.all(tables.map(t => knex(t.name).select()));
      const everything = [
        JSON.stringify(rows),
        JSON.stringify(task),
        events.text,
        (await request(port, 'GET', '/api/scaffolder/v2/tasks')).text,
      ].join('\n');
      expect(tables.map(t => t.name)).toContain('tasks');
      expect(events.text).toContain('slack-alerts');
      expect(everything).not.toContain(VALUE);
      expect(everything).not.toContain('taskRunSecretValue987654');
    } finally {
      await backend.stop();
    }
  });
});
