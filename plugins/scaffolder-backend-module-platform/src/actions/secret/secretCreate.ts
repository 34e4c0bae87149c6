import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_PLATFORM_SPOKES,
  platformSecretCreatePermission,
  Registry,
  SECRET_KINDS,
} from '@internal/plugin-platform-common';
import { RunbookSecretStore, SecretStoreError } from './AwsRunbookSecretStore';
import { examples } from './secretCreate.examples';
import {
  formatSecretRefusal,
  idempotencyToken,
  planRunbookSecret,
} from './secretPlan';

export const SECRET_CREATE_ACTION_ID = 'platform:secret:create';

/** The names of the form's secret fields the action reads from the task's secrets. */
export const SECRET_VALUE_FIELDS = [
  'webhookUrl',
  'clientId',
  'clientSecret',
  'keyValues',
] as const;

/** `system:default/dev` or `dev` → `dev`. */
function spokeName(value: string): string {
  try {
    return parseEntityRef(value, {
      defaultKind: 'system',
      defaultNamespace: 'default',
    }).name;
  } catch {
    return value;
  }
}

export interface SecretCreateActionOptions {
  readonly registry: { load(): Registry };
  readonly catalog: CatalogService;
  readonly permissions: PermissionsService;
  readonly auditor: AuditorService;
  readonly store: RunbookSecretStore;
}

/**
 * `platform:secret:create`: seed 000's "Add Secret to AWS Secrets Manager" runbook as a
 * step. The values come only from the task's secrets (the form's secret fields), so they
 * never reach the task's parameters, log, output or database. Checks everything first,
 * then creates the secret with its five tags in one call per spoke, with an idempotency
 * token, through the spoke's write role. Refuses a name already taken.
 */
export function createSecretCreateAction(options: SecretCreateActionOptions) {
  return createTemplateAction({
    id: SECRET_CREATE_ACTION_ID,
    description:
      "Creates a runbook secret for a service in its spokes' Secrets Manager, named <project>/<environment>/<service>/<name>, with the mandatory Project, Service, Environment, Owner and Tenant tags. Values are read from the task's secrets (webhookUrl, clientId + clientSecret, or keyValues), never from the input.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z.string().describe('Entity ref of the service (a Component)'),
        environments: z =>
          z.array(z.string()).describe('Spoke names to create the secret in'),
        kind: z =>
          z
            .string()
            .describe(`What the secret holds: ${SECRET_KINDS.join(', ')}`),
        name: z =>
          z.string().describe('Last segment of the name, e.g. slack-alerts'),
        description: z => z.string().describe('What the secret is for'),
        tenant: z =>
          z.string().describe('The Tenant tag: Slack, Auth0, GitHub, ...'),
      },
      output: {
        secrets: z =>
          z
            .array(
              z.object({
                environment: z.string(),
                name: z.string(),
                arn: z.string(),
              }),
            )
            .describe('One entry per spoke; never a value'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      let serviceRef: string;
      try {
        serviceRef = stringifyEntityRef(
          parseEntityRef(ctx.input.service, { defaultKind: 'component' }),
        );
      } catch {
        throw new InputError(
          formatSecretRefusal([
            {
              field: 'service',
              rule: 'entity-ref',
              message:
                'must be a Component entity ref such as component:default/phl-store',
            },
          ]),
        );
      }
      const entity = await options.catalog.getEntityByRef(serviceRef, {
        credentials,
      });
      if (!entity || entity.kind !== 'Component') {
        throw new InputError(
          formatSecretRefusal([
            {
              field: 'service',
              rule: 'known-component',
              message: `${serviceRef} is not a Component in the catalog`,
            },
          ]),
        );
      }
      const [decision] = await options.permissions.authorize(
        [
          {
            permission: platformSecretCreatePermission,
            resourceRef: serviceRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not create secrets for ${serviceRef}: only its owners and the platform team may (permission platform.secret.create)`,
        );
      }

      const values = Object.fromEntries(
        SECRET_VALUE_FIELDS.map(field => [field, ctx.secrets?.[field]]),
      );
      const plan = planRunbookSecret({
        registry: options.registry.load(),
        service: {
          name: entity.metadata.name,
          owner: String(entity.spec?.owner ?? ''),
          spokesAnnotation:
            entity.metadata.annotations?.[ANNOTATION_PLATFORM_SPOKES],
        },
        request: {
          ...ctx.input,
          // The form's spoke picker gives System refs (system:default/dev).
          environments: ctx.input.environments.map(spokeName),
        },
        values,
      });
      if (!plan.ok) throw new InputError(formatSecretRefusal(plan.issues));

      if (ctx.isDryRun) {
        for (const target of plan.targets) {
          ctx.logger.info(
            `Dry run: would create ${target.name} in ${
              target.environment
            } (account ${target.account}) with tags ${target.tags
              .map(t => `${t.Key}=${t.Value}`)
              .join(', ')}`,
          );
        }
        ctx.output(
          'secrets',
          plan.targets.map(t => ({
            environment: t.environment,
            name: t.name,
            arn: 'dry-run',
          })),
        );
        return;
      }

      // Check every spoke before creating anything: a taken name or an unreachable
      // account stops the step with nothing created.
      const opened = [];
      try {
        for (const target of plan.targets) {
          const secrets = await options.store.open(target);
          const token = idempotencyToken(ctx.task.id, target);
          const existing = await secrets.describe(target.name);
          if (existing && !existing.versionIds.includes(token)) {
            throw new InputError(
              formatSecretRefusal([
                {
                  field: 'name',
                  rule: 'unique-name',
                  message: `${target.name} already exists in ${target.environment}; replacing a value is a separate action for the service's owners`,
                },
              ]),
            );
          }
          opened.push({ target, secrets, token, existing });
        }
      } catch (error) {
        if (error instanceof SecretStoreError) throw new Error(error.message);
        throw error;
      }

      const created = [];
      for (const { target, secrets, token, existing } of opened) {
        const audit = await options.auditor.createEvent({
          eventId: 'secret-create',
          severityLevel: 'medium',
          meta: {
            actor: ctx.user?.ref ?? 'unknown',
            service: serviceRef,
            environment: target.environment,
            account: target.account,
            name: target.name,
            kind: ctx.input.kind,
            tenant: ctx.input.tenant,
            taskId: ctx.task.id,
          },
        });
        try {
          const { arn } = existing
            ? { arn: existing.arn }
            : await secrets.create({
                name: target.name,
                description: plan.description,
                kmsKeyId: plan.kmsKeyAlias,
                tags: target.tags,
                secretString: plan.secretString,
                token,
              });
          await audit.success({ meta: { arn } });
          ctx.logger.info(
            `${existing ? 'Already created' : 'Created'} ${target.name} in ${
              target.environment
            } (${arn})`,
          );
          created.push({
            environment: target.environment,
            name: target.name,
            arn,
          });
        } catch (error) {
          await audit.fail({ error: error as Error });
          const done = created.map(c => c.environment).join(', ') || 'none';
          const message =
            error instanceof SecretStoreError ? error.message : String(error);
          throw new Error(
            `${message}\nCreated so far: ${done}. Retrying this task creates only what is missing.`,
          );
        }
      }
      ctx.output('secrets', created);
    },
  });
}
