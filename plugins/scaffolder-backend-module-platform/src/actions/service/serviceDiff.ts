import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  parseServices,
  RegistryValidationError,
} from '@internal/plugin-platform-common';
import {
  diffStackTemplates,
  readServiceFiles,
} from '@internal/plugin-platform-common/node';
import { diffMarkdown } from '../../lib/cloudFormationDiff';
import { synthesizePlatform } from '../../lib/synthesize';
import { ServiceActionsOptions } from './serviceValidate';

export const SERVICE_DIFF_ACTION_ID = 'platform:service:diff';

/**
 * `platform:service:diff`: synthesizes the per-service stacks of the services the
 * workspace adds or changes (`<registryPath>/services/*.yaml`), before (the
 * server's service files) and after, and summarises their CloudFormation diff as
 * Markdown. Only service stacks are synthesized: they take nothing from
 * `platform-hub` or `platform-spoke-*`, which a service therefore never changes.
 */
export function createServiceDiffAction(options: ServiceActionsOptions) {
  return createTemplateAction({
    id: SERVICE_DIFF_ACTION_ID,
    description:
      "Synthesizes the per-service stacks (hub and each target spoke) before and after the workspace's service files and summarises their CloudFormation diff as Markdown for the pull request.",
    supportsDryRun: true,
    schema: {
      input: {
        registryPath: z =>
          z
            .string()
            .describe(
              'Workspace folder holding services/<name>.yaml, e.g. platform/infra/config',
            ),
        maxChars: z =>
          z
            .number()
            .int()
            .min(2000)
            .optional()
            .describe('Upper bound of the summary length; default 30000'),
      },
      output: {
        summary: z =>
          z.string().describe('Markdown: stacks, counts, cdk diff text'),
        stacks: z =>
          z
            .array(
              z.object({
                stackName: z.string(),
                status: z.string(),
                added: z.number(),
                modified: z.number(),
                removed: z.number(),
              }),
            )
            .describe('Per changed stack: resource counts'),
      },
    },
    async handler(ctx) {
      const dir = options.registry.dir();
      const registry = options.registry.load();
      const serverFiles = readServiceFiles(dir);
      const workspaceFiles = readServiceFiles(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.registryPath),
      );
      const byPath = new Map(serverFiles.map(f => [f.path, f]));
      const changed = workspaceFiles.filter(
        f => byPath.get(f.path)?.content !== f.content,
      );
      if (changed.length === 0) {
        throw new InputError(
          `registryPath: no service file under ${ctx.input.registryPath}/services differs from the server's; render the service first`,
        );
      }
      for (const file of workspaceFiles) byPath.set(file.path, file);
      const names = new Set(
        changed.map(f => f.path.replace(/^services\/|\.ya?ml$/g, '')),
      );
      let before;
      let after;
      try {
        before = parseServices(registry, serverFiles).filter(s =>
          names.has(s.name),
        );
        after = parseServices(registry, [...byPath.values()]).filter(s =>
          names.has(s.name),
        );
      } catch (e) {
        if (e instanceof RegistryValidationError) {
          throw new InputError(
            `The service files do not load: ${e.issues
              .map(i => `${i.file} ${i.field} [${i.rule}] ${i.message}`)
              .join('; ')}`,
          );
        }
        throw e;
      }
      const started = Date.now();
      const workDir = await ctx.createTemporaryDirectory();
      const synth = (services: typeof before) =>
        synthesizePlatform(
          { ...registry, services },
          { workDir, servicesOnly: true },
        );
      // The hub stack first, then the spokes' (the order they deploy in).
      const rank = (stackName: string) =>
        `${stackName.endsWith('-hub') ? 0 : 1}${stackName}`;
      const diffs = diffStackTemplates(synth(before), synth(after)).sort(
        (a, b) => rank(a.stackName).localeCompare(rank(b.stackName)),
      );
      ctx.logger.info(
        `Synthesized and diffed the service stacks in ${
          Date.now() - started
        } ms: ${diffs
          .map(
            d =>
              `${d.stackName} ${d.status} +${d.added} ~${d.modified} -${d.removed}`,
          )
          .join(', ')}`,
      );
      const summary = diffMarkdown(diffs, {
        maxChars: ctx.input.maxChars ?? 30000,
      });
      ctx.output(
        'summary',
        `${summary}\n\n\`platform-hub\` and every \`platform-spoke-*\` stack are unchanged: a service's resources live only in its own stacks, which read the spokes' ids from SSM parameters and the registry.`,
      );
      ctx.output(
        'stacks',
        diffs.map(d => ({
          stackName: d.stackName,
          status: d.status,
          added: d.added,
          modified: d.modified,
          removed: d.removed,
        })),
      );
    },
  });
}
