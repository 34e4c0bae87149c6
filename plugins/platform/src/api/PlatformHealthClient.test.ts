import { ResponseError } from '@backstage/errors';
import { healthFixtures } from '@internal/plugin-platform-common';
import { PlatformHealthClient } from './PlatformHealthClient';

function setup(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new PlatformHealthClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backend.test/api/${pluginId}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('PlatformHealthClient', () => {
  it('lists spokes from /api/platform/spokes', async () => {
    const body = {
      items: [healthFixtures.summary(healthFixtures.healthy())],
      staleAfterSeconds: 900,
    };
    const { client, fetch } = setup(() => json(body));
    await expect(client.listSpokes()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend.test/api/platform/spokes',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('escapes the spoke name in the path', async () => {
    const { client, fetch } = setup(() => json({}));
    await client.getSpoke('a/b');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend.test/api/platform/spokes/a%2Fb',
    );
  });

  it('asks for a limited history', async () => {
    const { client, fetch } = setup(() => json({ spoke: 'dev', items: [] }));
    await client.getSpokeHistory('dev', { limit: 50 });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend.test/api/platform/spokes/dev/history?limit=50',
    );
  });

  it('asks for the page after a cursor, escaped', async () => {
    const { client, fetch } = setup(() => json({ spoke: 'dev', items: [] }));
    await client.getSpokeHistory('dev', { limit: 50, cursor: 'eyJ0Ijox+/=' });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend.test/api/platform/spokes/dev/history?limit=50&cursor=eyJ0Ijox%2B%2F%3D',
    );
  });

  it('posts a refresh of every spoke or of one', async () => {
    const { client, fetch } = setup(() => new Response(null, { status: 202 }));
    await client.refresh();
    await client.refresh({ spoke: 'staging' });
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      ['http://backend.test/api/platform/refresh', 'POST'],
      ['http://backend.test/api/platform/spokes/staging/refresh', 'POST'],
    ]);
  });

  it('raises a ResponseError with the status and the server message', async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'No spoke named nope' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client.getSpoke('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No spoke named nope');
  });
});
