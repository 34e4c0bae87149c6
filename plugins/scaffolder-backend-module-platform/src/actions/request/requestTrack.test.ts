import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { platformRequestsClient } from './PlatformRequestsClient';
import { createRequestTrackAction } from './requestTrack';

/**
 * The action against a stand-in for the platform backend's `POST /requests` on a
 * local port: what it sends, with which credentials, and what it outputs.
 */
describe('platform:request:track', () => {
  let server: http.Server;
  let baseUrl: string;
  let received: Array<{ authorization?: string; body: any }>;
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        received.push({
          authorization: req.headers.authorization,
          body: JSON.parse(text || '{}'),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/platform`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    received = [];
    answer = {
      status: 201,
      body: { id: '0b6f3c1e-4d7a-4a55-9e0b-6a1f0c2d3e4f', stage: 'open' },
    };
  });

  const action = () =>
    createRequestTrackAction({
      recordRequest: platformRequestsClient({
        discovery: {
          getBaseUrl: async () => baseUrl,
          getExternalBaseUrl: async () => baseUrl,
        },
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
      }),
      appBaseUrl: 'http://portal.test/',
    });

  const context = (input: Record<string, string>) =>
    createMockActionContext({
      input,
      user: { ref: 'user:default/ana' },
      templateInfo: { entityRef: 'template:default/new-environment' } as any,
    });

  it('records the pull request as the scaffolder and outputs the request page', async () => {
    const ctx = context({
      pullRequestUrl: 'https://github.com/acme/platform/pull/12',
      entityRef: 'system:default/qa',
      owner: 'team-a',
    });
    await action().handler(ctx as any);
    expect(received).toHaveLength(1);
    expect(received[0].body).toEqual({
      pullRequestUrl: 'https://github.com/acme/platform/pull/12',
      entityRef: 'system:default/qa',
      requester: 'user:default/ana',
      owner: 'group:default/team-a',
      taskId: ctx.task.id,
      template: 'template:default/new-environment',
    });
    // A service token of the scaffolder for the platform plugin, not the user's.
    expect(received[0].authorization).toMatch(/^Bearer mock-service-token:/);
    expect(received[0].authorization).toContain('plugin:scaffolder');
    expect(ctx.output).toHaveBeenCalledWith(
      'requestUrl',
      'http://portal.test/requests/0b6f3c1e-4d7a-4a55-9e0b-6a1f0c2d3e4f',
    );
  });

  it('passes the backend’s refusal on as an input error naming the field', async () => {
    answer = {
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            'Invalid body parameter entityRef: must be a full System or Component entity ref',
        },
        response: { statusCode: 400 },
      },
    };
    await expect(
      action().handler(
        context({
          pullRequestUrl: 'https://github.com/acme/platform/pull/12',
          entityRef: 'resource:default/qa-eks',
        }) as any,
      ),
    ).rejects.toThrow(
      'Invalid body parameter entityRef: must be a full System or Component entity ref',
    );
  });

  it('refuses a task without a user', async () => {
    const ctx = createMockActionContext({
      input: {
        pullRequestUrl: 'https://github.com/acme/platform/pull/12',
        entityRef: 'system:default/qa',
      },
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      'platform:request:track needs the user who started the task',
    );
    expect(received).toHaveLength(0);
  });
});
