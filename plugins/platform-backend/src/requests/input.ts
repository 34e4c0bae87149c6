import { InputError } from '@backstage/errors';
import { RequestEntityKind } from '@internal/plugin-platform-common';
import { z } from 'zod';
import { NewRequest } from './RequestStore';

/**
 * `https://<host>/<owner>/<repo>/pull/<number>`; plain http only for a local GitHub
 * stand-in, and only when an `integrations.github` entry names its host.
 */
const PULL_URL =
  /^https?:\/\/([a-z0-9.-]+(?::\d+)?)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d+)\/?$/i;
const ENTITY_REF =
  /^(system|component):([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*)$/i;
const USER_REF = /^user:[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i;
const GROUP_REF = /^group:[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i;

/** The body of `POST /requests`, sent by the `platform:request:track` action. */
export const trackRequestBody = z.strictObject({
  pullRequestUrl: z.string().regex(PULL_URL, {
    error:
      'must be a pull request address such as https://github.com/acme/platform/pull/12',
  }),
  entityRef: z.string().regex(ENTITY_REF, {
    error:
      'must be a full System or Component entity ref such as system:default/qa or component:default/orders',
  }),
  requester: z.string().regex(USER_REF, {
    error: 'must be a user entity ref such as user:default/ana',
  }),
  owner: z
    .string()
    .regex(GROUP_REF, {
      error: 'must be a group entity ref such as group:default/team-a',
    })
    .optional(),
  taskId: z.string().max(255).optional(),
  template: z.string().max(255).optional(),
});

export type TrackRequestBody = z.infer<typeof trackRequestBody>;

/** Splits the pull request address and the entity ref into what the store keeps. */
export function toNewRequest(body: TrackRequestBody): NewRequest {
  const pull = PULL_URL.exec(body.pullRequestUrl);
  const entity = ENTITY_REF.exec(body.entityRef);
  if (!pull || !entity) {
    throw new InputError('Invalid pullRequestUrl or entityRef');
  }
  const [, host, owner, repo, number] = pull;
  const kind: RequestEntityKind =
    entity[1].toLocaleLowerCase('en-US') === 'system' ? 'System' : 'Component';
  const lower = (s: string) => s.toLocaleLowerCase('en-US');
  return {
    host: lower(host),
    repository: lower(`${owner}/${repo}`),
    number: Number(number),
    pullRequestUrl: body.pullRequestUrl,
    entityRef: lower(body.entityRef),
    entityKind: kind,
    requester: lower(body.requester),
    owner: body.owner ? lower(body.owner) : undefined,
    taskId: body.taskId,
    template: body.template,
  };
}
