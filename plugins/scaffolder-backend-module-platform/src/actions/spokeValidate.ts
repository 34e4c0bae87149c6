import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkNewSpoke, formatRefusal, NewSpokeInput } from '../lib/newSpoke';
import { assertPlatformTeam } from '../lib/platformTeam';
import { RegistrySource } from '../lib/RegistrySource';
import { validationReportMarkdown } from '../lib/validationReport';
import { examples } from './spokeValidate.examples';
import { newSpokeInputSchema } from './newSpokeInputSchema';

export const SPOKE_VALIDATE_ACTION_ID = 'platform:spoke:validate';

/**
 * `platform:spoke:validate`: checks the New environment answers against the
 * registry on this server (the form is never trusted) and outputs the spoke as it
 * will be written plus a Markdown report for the pull request. Refuses with an
 * `InputError` naming every field and rule broken; writes nothing.
 */
export function createSpokeValidateAction(options: {
  registry: RegistrySource;
  platformTeam: string[];
  /** The clock the Kubernetes version policy is judged by; default the system's. */
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: SPOKE_VALIDATE_ACTION_ID,
    description:
      'Validates a new platform spoke against the registry: DNS-label name and 12-digit account, both unique; a free, big enough VPC CIDR; 2 to 3 AZs; deletion protection for prod; and every other registry rule.',
    examples,
    supportsDryRun: true,
    schema: {
      input: newSpokeInputSchema,
      output: {
        spoke: z =>
          z
            .record(z.unknown())
            .describe('The spoke as its registry file will hold it'),
        file: z =>
          z.string().describe('Registry-relative file, e.g. spokes/qa.yaml'),
        report: z =>
          z
            .string()
            .describe(
              'Markdown: the inputs and every check passed, for the pull request',
            ),
        isDryRun: z =>
          z.boolean().describe('True in a dry run, e.g. to skip publishing'),
      },
    },
    async handler(ctx) {
      assertPlatformTeam(
        ctx.user,
        options.platformTeam,
        SPOKE_VALIDATE_ACTION_ID,
      );
      const registry = options.registry.load();
      const result = checkNewSpoke(registry, ctx.input as NewSpokeInput, now());
      if (!result.ok) throw new InputError(formatRefusal(result.issues));
      ctx.logger.info(
        `Spoke ${result.spoke.name} passed every registry rule against ${registry.spokes.length} spokes`,
      );
      ctx.output('spoke', result.spoke);
      ctx.output('file', result.file);
      ctx.output(
        'report',
        validationReportMarkdown(registry, result.spoke, result.file),
      );
      ctx.output('isDryRun', ctx.isDryRun === true);
    },
  });
}
