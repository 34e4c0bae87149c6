import * as fs from 'fs/promises';
import * as path from 'path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  parseRegistry,
  RegistryValidationError,
} from '@internal/plugin-platform-common';
import { DEFAULT_REGISTRY_PATH, PlatformRepository } from '../config';
import { checkSpoke, formatRefusal, toInputIssues } from '../lib/newSpoke';
import { assertPlatformTeam } from '../lib/platformTeam';
import { RegistrySource } from '../lib/RegistrySource';
import { renderSpokeYaml } from '../lib/renderSpokeYaml';
import { examples } from './spokeRender.examples';

export const SPOKE_RENDER_ACTION_ID = 'platform:spoke:render';

/**
 * `platform:spoke:render`: writes the new spoke's registry file into the workspace,
 * at `<registryPath>/spokes/<name>.yaml`, ready for `publish:github:pull-request`.
 * Checks the spoke again first (an input is never trusted, even from an earlier
 * step) and checks that the whole registry still loads with the file added;
 * on any failure nothing is written.
 */
export function createSpokeRenderAction(options: {
  registry: RegistrySource;
  repository?: PlatformRepository;
  platformTeam: string[];
  /** The clock the Kubernetes version policy is judged by; default the system's. */
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: SPOKE_RENDER_ACTION_ID,
    description:
      "Writes a validated spoke as a registry file into the workspace (<registryPath>/spokes/<name>.yaml) and outputs where to publish it: the platform repository, a branch name and the spoke's catalog entity ref.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spoke: z =>
          z
            .record(z.unknown())
            .describe(
              'The spoke as a registry object, e.g. ${{ steps.validate.output.spoke }}',
            ),
        registryPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Registry folder inside the platform repository; default platform.repository.registryPath or infra/config',
            ),
      },
      output: {
        filePath: z =>
          z.string().describe('Workspace-relative path of the written file'),
        content: z => z.string().describe('The YAML written'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The platform repository (platform.repository.url) as a publish:github repoUrl',
            ),
        branchName: z =>
          z.string().describe('A branch name for the pull request'),
        entityRef: z =>
          z.string().describe("The spoke's catalog System, once merged"),
      },
    },
    async handler(ctx) {
      assertPlatformTeam(
        ctx.user,
        options.platformTeam,
        SPOKE_RENDER_ACTION_ID,
      );
      const registryPath =
        ctx.input.registryPath ??
        options.repository?.registryPath ??
        DEFAULT_REGISTRY_PATH;
      if (!options.repository && !ctx.isDryRun) {
        throw new InputError(
          'platform.repository.url is not configured, so there is no repository to open the pull request in; set it in app-config',
        );
      }
      const registry = options.registry.load();
      const result = checkSpoke(registry, ctx.input.spoke, now());
      if (!result.ok) throw new InputError(formatRefusal(result.issues));

      const content = renderSpokeYaml(result.spoke, [
        result.spoke.description ??
          `Spoke ${result.spoke.name} (${result.spoke.environmentClass}).`,
        `Added with the portal's New environment template${
          ctx.user?.ref ? ` by ${ctx.user.ref}` : ''
        }.`,
        'Fields and rules: plugins/platform-common/README.md.',
      ]);
      // What the platform repository's CI will do: load every file together.
      try {
        parseRegistry([
          ...options.registry.files(),
          { path: result.file, content },
        ]);
      } catch (e) {
        if (e instanceof RegistryValidationError) {
          throw new InputError(formatRefusal(toInputIssues(e.issues)));
        }
        throw e;
      }

      const filePath = path.posix.join(registryPath, result.file);
      const target = resolveSafeChildPath(ctx.workspacePath, filePath);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, 'utf8');
      ctx.logger.info(`Wrote ${filePath}`);

      ctx.output('filePath', filePath);
      ctx.output('content', content);
      if (options.repository) ctx.output('repoUrl', options.repository.repoUrl);
      ctx.output('branchName', `platform/new-environment-${result.spoke.name}`);
      ctx.output('entityRef', `system:default/${result.spoke.name}`);
    },
  });
}
