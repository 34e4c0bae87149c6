import {
  buildSecretString,
  checkSecretRequest,
  missingMandatoryTags,
  runbookSecretName,
  runbookSecretPrefix,
} from './secrets';

const validRequest = {
  name: 'slack-alerts',
  kind: 'slack-webhook',
  tenant: 'Slack',
  description: 'Alerts channel webhook',
  environments: ['dev'],
};

describe('runbook secret names', () => {
  it('joins project, environment, service and name under the write role prefix', () => {
    const name = runbookSecretName({
      project: 'piksel',
      environment: 'dev',
      service: 'phl-store',
      name: 'slack-alerts',
    });
    expect(name).toBe('piksel/dev/phl-store/slack-alerts');
    expect(name.startsWith(runbookSecretPrefix('piksel', 'dev'))).toBe(true);
  });
});

describe('checkSecretRequest', () => {
  it('accepts a complete request', () => {
    expect(checkSecretRequest(validRequest)).toEqual([]);
  });

  it.each([
    [{ name: 'Slack' }, 'name', 'secret-name'],
    [{ name: 'a/b' }, 'name', 'secret-name'],
    [{ kind: 'password' }, 'kind', 'known-kind'],
    [{ tenant: '' }, 'tenant', 'tag-value'],
    [{ tenant: 'a;b' }, 'tenant', 'tag-value'],
    [{ description: ' ' }, 'description', 'description-length'],
    [{ environments: [] }, 'environments', 'at-least-one'],
    [{ environments: ['dev', 'dev'] }, 'environments', 'unique'],
  ])('refuses %j naming %s and the rule %s', (change, field, rule) => {
    expect(checkSecretRequest({ ...validRequest, ...change })).toEqual([
      expect.objectContaining({ field, rule }),
    ]);
  });
});

describe('buildSecretString', () => {
  const webhook =
    'https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefABCDEF012345';

  it('stores a Slack webhook URL as it is', () => {
    expect(buildSecretString('slack-webhook', { webhookUrl: webhook })).toEqual(
      {
        ok: true,
        secretString: webhook,
      },
    );
  });

  it('refuses a URL that is not a Slack webhook without quoting it', () => {
    const result = buildSecretString('slack-webhook', {
      webhookUrl: 'https://example.com/hook-with-token-xyz',
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          field: 'webhookUrl',
          rule: 'slack-webhook-url',
        }),
      ],
    });
    expect(JSON.stringify(result)).not.toContain('hook-with-token-xyz');
  });

  it('stores an OAuth client as client_id:client_secret', () => {
    expect(
      buildSecretString('oauth-client', {
        clientId: 'grafana-client',
        clientSecret: 's3cr3t-value-123',
      }),
    ).toEqual({ ok: true, secretString: 'grafana-client:s3cr3t-value-123' });
  });

  it('refuses a client id with a colon and a short client secret, naming both fields', () => {
    const result = buildSecretString('oauth-client', {
      clientId: 'a:b',
      clientSecret: 'short',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map(i => i.field)).toEqual([
      'clientId',
      'clientSecret',
    ]);
    expect(JSON.stringify(result)).not.toContain('short');
  });

  it('turns KEY=value lines into a JSON object, keeping = inside values', () => {
    expect(
      buildSecretString('key-values', {
        keyValues: 'API_KEY=abc=def\n\nREGION=x\n',
      }),
    ).toEqual({
      ok: true,
      secretString: JSON.stringify({ API_KEY: 'abc=def', REGION: 'x' }),
    });
  });

  it('takes "; " between pairs when the field has one line', () => {
    expect(
      buildSecretString('key-values', { keyValues: 'A=1; B=x;y' }),
    ).toEqual({
      ok: true,
      secretString: JSON.stringify({ A: '1', B: 'x;y' }),
    });
  });

  it.each([
    ['', 'key-values-present'],
    ['no-equals-sign', 'key-values-format'],
    ['1BAD=x', 'key-values-format'],
    ['A=1\nA=2', 'key-values-unique'],
  ])('refuses key/values %j with %s', (text, rule) => {
    const result = buildSecretString('key-values', { keyValues: text });
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ field: 'keyValues', rule })],
    });
  });
});

describe('missingMandatoryTags', () => {
  it('lists the mandatory tags that are absent or empty', () => {
    expect(
      missingMandatoryTags([
        { Key: 'Project', Value: 'piksel' },
        { Key: 'Service', Value: '' },
        { Key: 'Owner', Value: 'payments-team' },
      ]),
    ).toEqual(['Service', 'Environment', 'Tenant']);
    expect(missingMandatoryTags(undefined)).toHaveLength(5);
  });
});
