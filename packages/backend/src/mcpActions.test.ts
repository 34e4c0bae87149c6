import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import platformPlugin from '@internal/plugin-platform-backend';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import permissionModulePlatformPolicy from './modules/permissionPolicy';

jest.setTimeout(60_000);

/** The base config's MCP sections, so the test exposes what the portal exposes. */
function baseConfigSections() {
  const base = parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../app-config.yaml'),
      'utf8',
    ),
  );
  return { actions: base.backend.actions, mcpActions: base.mcpActions };
}

/** One JSON-RPC call to the MCP endpoint (streamable HTTP, answered as server-sent events). */
async function mcp(
  port: number,
  authorization: string | undefined,
  method: string,
  params: object = {},
) {
  const response = await fetch(`http://localhost:${port}/api/mcp-actions/v1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const text = await response.text();
  const data = text
    .split('\n')
    .filter(line => line.startsWith('data: '))
    .map(line => JSON.parse(line.slice('data: '.length)));
  return { status: response.status, message: data[0], text };
}

describe('MCP actions', () => {
  async function backend() {
    const { actions, mcpActions } = baseConfigSections();
    return startTestBackend({
      features: [
        platformPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        permissionPlugin,
        permissionModulePlatformPolicy,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        // A request without a token is anonymous, as in a real backend (the mock's
        // default would treat it as a signed-in user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions },
            mcpActions,
            permission: { enabled: true },
            platform: { permissions: { platformTeam: ['user:default/ana'] } },
          },
        }),
      ],
    });
  }

  const bo = mockCredentials.user.header('user:default/bo');

  it('serves the spoke health actions as tools to a signed-in person, through the policy', async () => {
    const b = await backend();
    const port = b.server.port();

    const list = await mcp(port, bo, 'tools/list');
    expect(list.status).toBe(200);
    const tools = list.message.result.tools;
    expect(tools.map((t: any) => [t.name, t.annotations])).toEqual([
      [
        'platform.list-spokes',
        {
          title: 'List spokes and their health',
          readOnlyHint: true,
          idempotentHint: true,
          destructiveHint: false,
          openWorldHint: false,
        },
      ],
      [
        'platform.get-spoke-health',
        {
          title: 'Get the health of one spoke',
          readOnlyHint: true,
          idempotentHint: true,
          destructiveHint: false,
          openWorldHint: false,
        },
      ],
    ]);
    expect(tools[1].inputSchema.required).toEqual(['name']);

    // Nothing refreshed yet in this backend: an empty list, read with bo's own
    // credentials (signed in: the policy allows platform.health.read).
    const spokes = await mcp(port, bo, 'tools/call', {
      name: 'platform.list-spokes',
      arguments: {},
    });
    expect(spokes.message.result.isError).toBeFalsy();
    expect(spokes.message.result.structuredContent).toEqual({
      spokes: [],
      staleAfterSeconds: expect.any(Number),
    });

    const ghost = await mcp(port, bo, 'tools/call', {
      name: 'platform.get-spoke-health',
      arguments: { name: 'ghost' },
    });
    expect(ghost.message.result).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: expect.stringMatching(/^NotFoundError: Unknown spoke ghost/),
        },
      ],
    });

    const invalid = await mcp(port, bo, 'tools/call', {
      name: 'platform.get-spoke-health',
      arguments: { name: 'Prod Cluster' },
    });
    expect(invalid.message.result.isError).toBe(true);
    expect(invalid.message.result.content[0].text).toMatch(
      /^InputError: Invalid input name: must be a spoke name/,
    );
    await b.stop();
  });

  it('refuses a call without a token before any tool is listed or run', async () => {
    const b = await backend();
    const port = b.server.port();
    for (const method of ['tools/list', 'tools/call']) {
      const res = await mcp(port, undefined, method, {
        name: 'platform.list-spokes',
        arguments: {},
      });
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('platform.list-spokes');
    }
    await b.stop();
  });
});
