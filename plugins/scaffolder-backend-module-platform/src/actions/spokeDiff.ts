import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  parseRegistry,
  RegistryFile,
  RegistryValidationError,
} from '@internal/plugin-platform-common';
import {
  diffStackTemplates,
  readRegistryFiles,
} from '@internal/plugin-platform-common/node';
import { DEFAULT_REGISTRY_PATH, PlatformRepository } from '../config';
import { diffMarkdown } from '../lib/cloudFormationDiff';
import { formatRefusal, toInputIssues } from '../lib/newSpoke';
import { assertPlatformTeam } from '../lib/platformTeam';
import { RegistrySource } from '../lib/RegistrySource';
import { synthesizePlatform } from '../lib/synthesize';
import { examples } from './spokeDiff.examples';

export const SPOKE_DIFF_ACTION_ID = 'platform:spoke:diff';

/** Server files with the workspace's registry files laid over them, by path. */
function overlay(base: RegistryFile[], changes: RegistryFile[]) {
  const byPath = new Map(base.map(f => [f.path, f]));
  const changed = changes.filter(
    f => byPath.get(f.path)?.content !== f.content,
  );
  for (const file of changes) byPath.set(file.path, file);
  return { files: [...byPath.values()], changed };
}

/**
 * `platform:spoke:diff`: synthesizes the platform (hub and every spoke, in-process
 * with the infra package's `buildApp`) from the server's registry and again with
 * the workspace's registry files laid over it, and summarises the CloudFormation
 * diff of every stack that changes (the hub and the new spoke) as Markdown.
 */
export function createSpokeDiffAction(options: {
  registry: RegistrySource;
  repository?: PlatformRepository;
  platformTeam: string[];
}) {
  return createTemplateAction({
    id: SPOKE_DIFF_ACTION_ID,
    description:
      'Synthesizes the platform before and after the registry files in the workspace and summarises the CloudFormation diff of each changed stack (hub and spokes) as Markdown for a pull request.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        registryPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder with the changed registry files; default platform.repository.registryPath or infra/config',
            ),
        maxChars: z =>
          z
            .number()
            .int()
            .min(2000)
            .optional()
            .describe('Upper bound of the summary length; default 45000'),
      },
      output: {
        summary: z =>
          z.string().describe('Markdown: stacks, counts, cdk diff text'),
        changedFiles: z =>
          z.array(z.string()).describe('Registry files the workspace changes'),
        stacks: z =>
          z
            .array(
              z.object({
                stackName: z.string(),
                status: z.string(),
                added: z.number(),
                modified: z.number(),
                removed: z.number(),
                destructive: z.number(),
              }),
            )
            .describe('Per changed stack: resource counts'),
      },
    },
    async handler(ctx) {
      assertPlatformTeam(ctx.user, options.platformTeam, SPOKE_DIFF_ACTION_ID);
      const registryPath =
        ctx.input.registryPath ??
        options.repository?.registryPath ??
        DEFAULT_REGISTRY_PATH;
      const serverFiles = options.registry.files();
      const workspaceFiles = readRegistryFiles(
        resolveSafeChildPath(ctx.workspacePath, registryPath),
      );
      const { files, changed } = overlay(serverFiles, workspaceFiles);
      if (changed.length === 0) {
        throw new InputError(
          `registryPath: no registry file under ${registryPath} in the workspace differs from the server's registry; render a spoke first (platform:spoke:render)`,
        );
      }
      const before = options.registry.load();
      let after;
      try {
        after = parseRegistry(files);
      } catch (e) {
        if (e instanceof RegistryValidationError) {
          throw new InputError(formatRefusal(toInputIssues(e.issues)));
        }
        throw e;
      }

      const started = Date.now();
      const workDir = await ctx.createTemporaryDirectory();
      const diffs = diffStackTemplates(
        synthesizePlatform(before, { workDir }),
        synthesizePlatform(after, { workDir }),
      );
      ctx.logger.info(
        `Synthesized and diffed the platform in ${
          Date.now() - started
        } ms: ${diffs
          .map(
            d =>
              `${d.stackName} ${d.status} +${d.added} ~${d.modified} -${d.removed}`,
          )
          .join(', ')}`,
      );

      ctx.output(
        'summary',
        diffMarkdown(diffs, { maxChars: ctx.input.maxChars }),
      );
      ctx.output(
        'changedFiles',
        changed.map(f => `${registryPath}/${f.path}`),
      );
      ctx.output(
        'stacks',
        diffs.map(d => ({
          stackName: d.stackName,
          status: d.status,
          added: d.added,
          modified: d.modified,
          removed: d.removed,
          destructive: d.destructive.length,
        })),
      );
    },
  });
}
