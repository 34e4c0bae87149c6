import { ConfigReader } from '@backstage/config';
import { readRequestsConfig } from './config';

describe('readRequestsConfig', () => {
  it('polls every 2 minutes without webhooks, and slows to 30 when GitHub events arrive', () => {
    const plain = readRequestsConfig(new ConfigReader({}));
    expect(plain).toMatchObject({
      webhooks: false,
      intervals: { pollMs: 120_000, webhookPollMs: 1_800_000 },
      platformTeam: ['group:default/platform-team'],
      appBaseUrl: '',
    });
    expect(plain.schedule).toMatchObject({
      frequency: { milliseconds: 15_000 },
      scope: 'global',
    });
    const withEvents = readRequestsConfig(
      new ConfigReader({ events: { http: { topics: ['github'] } } }),
    );
    expect(withEvents.webhooks).toBe(true);
    const overridden = readRequestsConfig(
      new ConfigReader({
        events: { http: { topics: ['github'] } },
        platform: { requests: { webhooks: false, pollInterval: '3s' } },
      }),
    );
    expect(overridden).toMatchObject({
      webhooks: false,
      intervals: { pollMs: 3000 },
    });
  });

  it('reads the platform team like the permission policy does', () => {
    expect(
      readRequestsConfig(
        new ConfigReader({
          platform: {
            permissions: { platformTeam: ['Group:default/Platform-Team'] },
          },
        }),
      ).platformTeam,
    ).toEqual(['group:default/platform-team']);
  });

  it('refuses a bad duration naming the key', () => {
    expect(() =>
      readRequestsConfig(
        new ConfigReader({ platform: { requests: { pollInterval: 'soon' } } }),
      ),
    ).toThrow(
      "Invalid config: platform.requests.pollInterval must be a duration such as '2m'",
    );
    expect(() =>
      readRequestsConfig(
        new ConfigReader({ platform: { requests: { checkEvery: '10ms' } } }),
      ),
    ).toThrow(
      'platform.requests.checkEvery must be at least 1 second, got 10 ms',
    );
  });
});
