import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { REQUEST_TRACK_ACTION_ID } from '@internal/plugin-platform-common';
import { RecordRequest } from './PlatformRequestsClient';

export { REQUEST_TRACK_ACTION_ID };

/**
 * `platform:request:track`: the last step of a template that opens a pull request.
 * Records the pull request with the platform backend, which follows it through
 * checks, review, merge, deploy and health, notifies the requester at each step, and
 * shows it on the Requests page; `requestUrl` is that page, for the task's links.
 */
export function createRequestTrackAction(options: {
  recordRequest: RecordRequest;
  /** The app's address (`app.baseUrl`). */
  appBaseUrl: string;
}) {
  return createTemplateAction({
    id: REQUEST_TRACK_ACTION_ID,
    description:
      'Follows the pull request a template opened until what it asked for runs: checks, review, merge, deploy per stack, catalog and spoke health. Outputs the link of its page.',
    examples: [
      {
        description: 'Track the pull request of a new spoke',
        example: [
          'steps:',
          '  - id: track',
          '    name: Track the request',
          '    action: platform:request:track',
          '    input:',
          '      pullRequestUrl: ${{ steps.publish.output.remoteUrl }}',
          '      entityRef: ${{ steps.render.output.entityRef }}',
          '      owner: ${{ parameters.owner }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        pullRequestUrl: z =>
          z
            .string()
            .describe(
              'The pull request, e.g. the remoteUrl output of publish:github:pull-request',
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              'The entity the pull request creates: a spoke System or a service Component',
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Group entity ref of the owning team (told on failures); default: the entity owner once it is in the catalog',
            ),
      },
      output: {
        requestUrl: z =>
          z.string().describe('The request on the portal’s Requests page'),
      },
    },
    async handler(ctx) {
      const requester = ctx.user?.ref;
      if (!requester) {
        throw new InputError(
          `${REQUEST_TRACK_ACTION_ID} needs the user who started the task; this task has none`,
        );
      }
      let owner = ctx.input.owner;
      if (owner && !owner.includes(':')) owner = `group:default/${owner}`;
      // A retried task reuses the recorded request (the backend dedupes by pull request too).
      const { id } = await ctx.checkpoint({
        key: `platform-request-track:${ctx.input.pullRequestUrl}`,
        fn: () =>
          options.recordRequest({
            pullRequestUrl: ctx.input.pullRequestUrl,
            entityRef: ctx.input.entityRef,
            requester,
            owner,
            taskId: ctx.task.id,
            template: ctx.templateInfo?.entityRef,
          }),
      });
      const requestUrl = `${options.appBaseUrl.replace(
        /\/$/,
        '',
      )}/requests/${id}`;
      ctx.logger.info(`Tracking ${ctx.input.pullRequestUrl}: ${requestUrl}`);
      ctx.output('requestUrl', requestUrl);
    },
  });
}
