import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Registry,
  RegistryValidationError,
  ServiceConfig,
} from '@internal/plugin-platform-common';
import { loadServices } from '@internal/plugin-platform-common/node';
import { examples } from './serviceValidate.examples';
import { servicePullRequestBody, serviceBranchName } from './pullRequest';
import {
  resolveServiceRequest,
  ServiceRequestInput,
  ServiceRequestIssue,
  ServiceRequestRepository,
  TEMPLATE_VERSION_ANNOTATION,
} from './serviceRequest';

export const SERVICE_VALIDATE_ACTION_ID = 'platform:service:validate';

/** What the service actions need from the module: the module's `RegistrySource` and `platform.repository`. */
export interface ServiceActionsOptions {
  /** The registry on this backend's disk; `services/` sits next to `hub.yaml`. */
  readonly registry: { dir(): string; load(): Registry };
  /** `platform.repository`; undefined when not configured. */
  readonly repository?: ServiceRequestRepository;
}

/** `port [port-range] must be ...`, one refusal per line. */
export function formatServiceRefusal(issues: ServiceRequestIssue[]): string {
  return `The New service form has ${issues.length} problem${
    issues.length === 1 ? '' : 's'
  }; nothing was published:\n${issues
    .map(i => `  - ${i.field} [${i.rule}] ${i.message}`)
    .join('\n')}`;
}

/**
 * `platform:service:validate`: checks the New service answers against the registry
 * and the existing services on this server (the form is never trusted) and derives
 * the values the skeleton renders, the per-environment values and the pull request.
 * Refuses with an `InputError` naming every field and rule broken; writes nothing.
 */
export function createServiceValidateAction(options: ServiceActionsOptions) {
  return createTemplateAction({
    id: SERVICE_VALIDATE_ACTION_ID,
    description:
      'Validates a new service against the platform registry (lower-case DNS-label name that fits every derived Kubernetes, ECR, IAM and Argo CD name, not reserved or taken; port 1-65535; known spokes; host in a public zone; database user unique per cluster) and derives the values the New service skeleton renders.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Service name: lower-case DNS label'),
        description: z => z.string().optional(),
        owner: z => z.string().describe('Group entity ref'),
        system: z => z.string().optional().describe('System entity ref'),
        image: z =>
          z
            .union([
              z.string(),
              z.object({
                source: z.string().optional(),
                reference: z.string().optional(),
              }),
            ])
            .optional()
            .describe(
              "{ source: 'own' | 'external', reference }: own is built by the service's CI into the hub ECR; external (e.g. zylwin/phl-store:latest) is mirrored through the hub's pull-through cache",
            ),
        imageSource: z =>
          z
            .string()
            .optional()
            .describe("image.source: 'own' or 'external'; default from image"),
        port: z => z.union([z.number(), z.string()]).describe('Container port'),
        healthCheckPath: z => z.string().optional(),
        environments: z =>
          z
            .array(z.string())
            .describe('Spoke names or System entity refs of spokes'),
        exposure: z => z.string().optional().describe('internal or public'),
        host: z => z.string().optional(),
        database: z =>
          z
            .union([
              z.boolean(),
              z.object({
                enabled: z.boolean().optional(),
                auth: z.string().optional(),
                ddl: z.boolean().optional(),
                schema: z.string().optional(),
                user: z.string().optional(),
              }),
            ])
            .optional()
            .describe(
              "{ enabled, auth: 'iam' | 'password', ddl, schema, user }: an Aurora MySQL schema and user",
            ),
        databaseAuth: z =>
          z.string().optional().describe("database.auth: 'iam' or 'password'"),
        databaseSchema: z => z.string().optional(),
        databaseUser: z => z.string().optional(),
        databaseDdl: z =>
          z
            .boolean()
            .optional()
            .describe('database.ddl: grant DDL on the schema'),
        egressServices: z =>
          z
            .array(
              z.object({
                name: z.string(),
                port: z.union([z.number(), z.string()]),
              }),
            )
            .optional()
            .describe('Other services this one calls, with their ports'),
        egressHttps: z =>
          z
            .array(z.string())
            .optional()
            .describe('HTTPS host names this one calls outside the platform'),
        minReplicas: z => z.union([z.number(), z.string()]),
        maxReplicas: z => z.union([z.number(), z.string()]),
        configKeys: z => z.array(z.string()).optional(),
        createRepository: z => z.boolean().optional(),
      },
      output: {
        values: z =>
          z
            .record(z.unknown())
            .describe('Values for the platform skeleton (fetch:template)'),
        environments: z =>
          z
            .array(z.record(z.unknown()))
            .describe(
              'One entry per target spoke, for the per-environment files',
            ),
        repoUrl: z =>
          z.string().describe('The platform repository, publish:github format'),
        branchName: z => z.string(),
        title: z => z.string().describe('Pull request title'),
        body: z =>
          z
            .string()
            .describe('Pull request body: what was validated, what changes'),
        isDryRun: z =>
          z
            .boolean()
            .describe(
              'True in a dry run: the template skips the steps that need GitHub',
            ),
        serviceRepoUrl: z =>
          z
            .string()
            .describe(
              'The new code repository, publish:github format; empty when not asked',
            ),
        ciRepoUrl: z =>
          z
            .string()
            .describe(
              'The repository whose CI builds the image (the new code repository or the platform repository), publish:github format; empty for an external image',
            ),
      },
    },
    async handler(ctx) {
      const { repository } = options;
      if (!repository) {
        throw new Error(
          'platform.repository.url is not configured, so there is no platform repository to open the pull request in',
        );
      }
      const dir = options.registry.dir();
      const registry = options.registry.load();
      let services: ServiceConfig[];
      try {
        services = loadServices(registry, dir);
      } catch (e) {
        if (e instanceof RegistryValidationError) {
          // The server's own files are broken: the platform team's fault, not the form's.
          throw new Error(
            `The service files on the server (${dir}/services) are invalid; fix them first. ${e.message}`,
          );
        }
        throw e;
      }
      const templateEntity = ctx.templateInfo?.entity?.metadata;
      const result = resolveServiceRequest(ctx.input as ServiceRequestInput, {
        registry,
        services,
        repository,
        template: ctx.templateInfo
          ? {
              ref: ctx.templateInfo.entityRef,
              version:
                templateEntity?.annotations?.[TEMPLATE_VERSION_ANNOTATION] ??
                '',
            }
          : undefined,
      });
      if (!result.ok) throw new InputError(formatServiceRefusal(result.issues));
      const { values } = result;
      ctx.logger.info(
        `Service ${values.name} passed every rule against ${services.length} existing services and ${registry.spokes.length} spokes`,
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output(
        'environments',
        values.environments as unknown as Record<string, unknown>[],
      );
      ctx.output('repoUrl', repository.repoUrl);
      ctx.output('isDryRun', ctx.isDryRun === true);
      ctx.output('branchName', serviceBranchName(values.name));
      ctx.output('title', `New service: ${values.name} on ${values.spokes}`);
      ctx.output('body', servicePullRequestBody(values));
      const serviceRepoUrl = values.createRepository
        ? `${repository.repoUrl.split('?')[0]}?owner=${encodeURIComponent(
            values.hub.githubOrg,
          )}&repo=${encodeURIComponent(values.name)}`
        : '';
      ctx.output('serviceRepoUrl', serviceRepoUrl);
      ctx.output(
        'ciRepoUrl',
        values.ci ? serviceRepoUrl || repository.repoUrl : '',
      );
    },
  });
}
