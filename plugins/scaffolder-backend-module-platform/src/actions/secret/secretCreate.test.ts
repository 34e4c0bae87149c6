import {
  AwsLocal,
  DEFAULT_PORTAL_EXTERNAL_ID,
  start,
} from '@internal/aws-local';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { fixtures, Registry } from '@internal/plugin-platform-common';
import { AwsRunbookSecretStore } from './AwsRunbookSecretStore';
import { createSecretCreateAction } from './secretCreate';

const WEBHOOK =
  'https://hooks.slack.com/services/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';
const AWS_ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
] as const;

const registry: Registry = fixtures.registry();
const spokeOf = (name: string) => registry.spokes.find(s => s.name === name)!;
const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'phl-store',
    namespace: 'default',
    annotations: { 'platform.io/spokes': 'dev,staging' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
};

describe('platform:secret:create against the local AWS endpoint', () => {
  let aws: AwsLocal;
  const saved = Object.fromEntries(AWS_ENV.map(k => [k, process.env[k]]));
  beforeAll(async () => {
    aws = await start({ registry });
    process.env.AWS_ENDPOINT_URL = aws.url;
    process.env.AWS_REGION = registry.hub.region;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => aws.control.reset());
  afterAll(async () => {
    await aws.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /** Secrets Manager state of one spoke, as the endpoint holds it (names, tags; never values). */
  const secretsIn = (spokeName: string) => {
    const { account, region } = spokeOf(spokeName);
    const state = aws.control.snapshot() as any;
    return (state.regions[`${account}/${region}`]?.secretsManager.secrets ??
      []) as Array<{
      Name: string;
      ARN: string;
      Tags: any[];
      KmsKeyId?: string;
    }>;
  };
  const runbookSecretsIn = (spokeName: string) =>
    secretsIn(spokeName).filter(s =>
      s.Name.startsWith(`${registry.hub.project}/`),
    );

  function setUp(options: { allowed?: boolean; externalId?: string } = {}) {
    const auditor = mockServices.auditor.mock();
    const events: Array<{ kind: string; options: any; result?: any }> = [];
    auditor.createEvent.mockImplementation(async (createOptions: any) => ({
      success: async (o?: any) => {
        events.push({ kind: 'success', options: createOptions, result: o });
      },
      fail: async (o: any) => {
        events.push({ kind: 'fail', options: createOptions, result: o });
      },
    }));
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      {
        result:
          options.allowed === false
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      },
    ]);
    const action = createSecretCreateAction({
      registry: { load: () => registry },
      catalog: catalogServiceMock({ entities: [service] }),
      permissions,
      auditor,
      store: AwsRunbookSecretStore.fromConfig(
        new ConfigReader({
          aws: {
            accountDefaults: {
              roleName: 'platform-portal-readonly',
              // The spoke roles' trust requires it; aws-local enforces it.
              externalId: options.externalId ?? DEFAULT_PORTAL_EXTERNAL_ID,
            },
          },
        }),
        () => registry.hub.portal.secretWriterRoleName,
      ),
    });
    return { action, events, permissions };
  }

  function context(
    input: Record<string, unknown>,
    secrets: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) {
    const lines: string[] = [];
    const logger = mockServices.logger.mock();
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      logger[level].mockImplementation((message: string, meta?: unknown) => {
        lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
      });
    }
    const ctx = createMockActionContext({
      input: {
        service: 'component:default/phl-store',
        environments: ['dev'],
        kind: 'slack-webhook',
        name: 'slack-alerts',
        description: 'Alerts channel webhook',
        tenant: 'Slack',
        ...input,
      } as any,
      secrets,
      logger,
      task: { id: 'task-1' },
      user: { ref: 'user:default/alice' },
      ...extra,
    });
    return { ctx, lines };
  }

  /** What the action throws for this input and these secrets (it must throw). */
  function failureOf(
    action: ReturnType<typeof setUp>['action'],
    input: Record<string, unknown>,
    secrets: Record<string, string>,
  ): Promise<Error> {
    return action.handler(context(input, secrets).ctx).then(
      () => {
        throw new Error('The action succeeded; the test expected it to fail');
      },
      e => e,
    );
  }

  it('creates the secret with its five tags and the environment key in every spoke picked', async () => {
    const { action, events } = setUp();
    const { ctx, lines } = context(
      // As the form's spoke picker sends them.
      { environments: ['system:default/dev', 'system:default/staging'] },
      { webhookUrl: WEBHOOK },
    );
    await action.handler(ctx);

    for (const env of ['dev', 'staging']) {
      const [secret] = runbookSecretsIn(env);
      expect(secret).toMatchObject({
        Name: `${registry.hub.project}/${env}/phl-store/slack-alerts`,
        KmsKeyId: `alias/${registry.hub.project}-runbook-secrets`,
        Description: 'Alerts channel webhook',
      });
      expect(secret.Tags).toEqual([
        { Key: 'Project', Value: registry.hub.project },
        { Key: 'Service', Value: 'phl-store' },
        { Key: 'Environment', Value: env },
        { Key: 'Owner', Value: 'payments-team' },
        { Key: 'Tenant', Value: 'Slack' },
      ]);
    }
    expect(ctx.output).toHaveBeenCalledWith('secrets', [
      expect.objectContaining({
        environment: 'dev',
        arn: expect.stringMatching(/^arn:aws:secretsmanager:/),
      }),
      expect.objectContaining({ environment: 'staging' }),
    ]);
    expect(events.map(e => e.kind)).toEqual(['success', 'success']);
    expect(events[0].options).toMatchObject({
      eventId: 'secret-create',
      meta: expect.objectContaining({
        actor: 'user:default/alice',
        environment: 'dev',
      }),
    });
    expect(events[0].result.meta.arn).toMatch(/^arn:aws:secretsmanager:/);
    // The value is nowhere the portal keeps or shows anything.
    const everything = JSON.stringify([
      lines,
      (ctx.output as jest.Mock).mock.calls,
      events,
      aws.control.snapshot(),
    ]);
    expect(everything).not.toContain(WEBHOOK);
    expect(everything).not.toContain('q1w2e3r4t5y6u7i8o9p0ABCD');
  });

  it('makes one secret when the step is retried', async () => {
    const { action } = setUp();
    await action.handler(context({}, { webhookUrl: WEBHOOK }).ctx);
    const first = runbookSecretsIn('dev');
    const { ctx } = context({}, { webhookUrl: WEBHOOK });
    await action.handler(ctx);
    expect(runbookSecretsIn('dev')).toEqual(first);
    expect(ctx.output).toHaveBeenCalledWith('secrets', [
      expect.objectContaining({ arn: first[0].ARN }),
    ]);
  });

  it('refuses a name taken in any spoke before creating anything', async () => {
    const { action } = setUp();
    // Another task (another idempotency token) created it in staging already.
    await action.handler(
      context(
        { environments: ['staging'] },
        { webhookUrl: WEBHOOK },
        { task: { id: 'other' } },
      ).ctx,
    );
    const error = await failureOf(
      action,
      { environments: ['dev', 'staging'] },
      { webhookUrl: WEBHOOK },
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('name [unique-name]');
    expect(error.message).toContain(
      `${registry.hub.project}/staging/phl-store/slack-alerts already exists`,
    );
    expect(runbookSecretsIn('dev')).toEqual([]);
  });

  it('says access was denied, naming the spoke and role, with nothing created', async () => {
    const { action } = setUp();
    aws.control.addFault({
      service: 'sts',
      operation: 'AssumeRole',
      account: spokeOf('staging').account,
      error: 'AccessDenied',
    });
    const error = await failureOf(
      action,
      { environments: ['dev', 'staging'] },
      { webhookUrl: WEBHOOK },
    );
    expect(error.message).toMatch(
      /^Access denied to assuming arn:aws:iam::\d{12}:role\/platform-secret-writer in staging/,
    );
    expect(runbookSecretsIn('dev')).toEqual([]);
    expect(runbookSecretsIn('staging')).toEqual([]);
  });

  it('is refused by the spoke role without the external id its trust requires', async () => {
    const { action } = setUp({ externalId: 'not-the-external-id' });
    const error = await failureOf(
      action,
      { environments: ['dev', 'staging'] },
      { webhookUrl: WEBHOOK },
    );
    expect(error.message).toMatch(
      /^Access denied to assuming arn:aws:iam::\d{12}:role\/platform-secret-writer in dev.*not authorized to perform: sts:AssumeRole.*the external id matches\.$/,
    );
    expect(error.message).not.toContain('not-the-external-id');
    expect(runbookSecretsIn('dev')).toEqual([]);
    expect(runbookSecretsIn('staging')).toEqual([]);
  });

  it('says AWS throttled the create and that a retry creates only what is missing', async () => {
    const { action, events } = setUp();
    aws.control.addFault({
      service: 'secretsmanager',
      operation: 'CreateSecret',
      error: 'Throttling',
    });
    const error = await failureOf(action, {}, { webhookUrl: WEBHOOK });
    expect(error.message).toContain('AWS throttled CreateSecret');
    expect(error.message).toContain('Created so far: none');
    expect(events.map(e => e.kind)).toEqual(['fail']);
    expect(JSON.stringify(events)).not.toContain(WEBHOOK);
  });

  it.each([
    [
      'slack-webhook',
      { webhookUrl: 'https://example.com/not-slack' },
      'webhookUrl [slack-webhook-url]',
    ],
    [
      'oauth-client',
      { clientId: 'grafana', clientSecret: 'short' },
      'clientSecret [oauth-client-secret]',
    ],
    [
      'oauth-client',
      { clientId: 'a:b', clientSecret: 'long-enough-secret' },
      'clientId [oauth-client-id]',
    ],
    [
      'key-values',
      { keyValues: 'not a pair' },
      'keyValues [key-values-format]',
    ],
  ])(
    'refuses a %s value of the wrong shape (%j) with nothing created',
    async (kind, secrets, named) => {
      const { action } = setUp();
      const error = await failureOf(action, { kind }, secrets);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(named);
      for (const value of Object.values(secrets))
        expect(error.message).not.toContain(value);
      expect(runbookSecretsIn('dev')).toEqual([]);
    },
  );

  it('refuses a spoke the service does not run on and an unknown spoke', async () => {
    const { action } = setUp();
    const error = await failureOf(
      action,
      { environments: ['prod', 'qa'] },
      { webhookUrl: WEBHOOK },
    );
    expect(error.message).toContain(
      'environments [service-runs-there] phl-store does not run on prod',
    );
    expect(error.message).toContain(
      'environments [known-spoke] qa is not a spoke',
    );
  });

  it('refuses someone who is neither an owner nor on the platform team', async () => {
    const { action, permissions } = setUp({ allowed: false });
    const error = await failureOf(action, {}, { webhookUrl: WEBHOOK });
    expect(error.name).toBe('NotAllowedError');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'platform.secret.create',
          }),
          resourceRef: 'component:default/phl-store',
        },
      ],
      expect.anything(),
    );
    expect(runbookSecretsIn('dev')).toEqual([]);
  });

  it('refuses a service that is not in the catalog', async () => {
    const { action } = setUp();
    const error = await failureOf(
      action,
      { service: 'component:default/nope' },
      { webhookUrl: WEBHOOK },
    );
    expect(error.message).toContain('service [known-component]');
  });

  it('creates nothing in a dry run and outputs the names it would use', async () => {
    const { action } = setUp();
    const { ctx } = context({}, { webhookUrl: WEBHOOK });
    // createMockActionContext does not take isDryRun; the scaffolder sets it per step.
    await action.handler({ ...ctx, isDryRun: true });
    expect(runbookSecretsIn('dev')).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('secrets', [
      {
        environment: 'dev',
        name: `${registry.hub.project}/dev/phl-store/slack-alerts`,
        arn: 'dry-run',
      },
    ]);
  });
});
