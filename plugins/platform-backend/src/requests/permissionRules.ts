import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { PLATFORM_REQUEST_RESOURCE_TYPE } from '@internal/plugin-platform-common';
import { z } from 'zod';
import { TrackedRequest } from './RequestStore';

/**
 * Rules a permission policy can use for `platform.request.read`: a CONDITIONAL
 * decision such as `anyOf(isRequester(claims), isOwnedBy(claims))` lets signed-in
 * users read their own and their teams' requests.
 */

/** Filters are applied in memory: the request list is small. */
export interface RequestQuery {
  field: 'requester' | 'owner';
  refs: string[];
}

export const requestResourceRef = createPermissionResourceRef<
  TrackedRequest,
  RequestQuery
>().with({
  pluginId: 'platform',
  resourceType: PLATFORM_REQUEST_RESOURCE_TYPE,
});

const refsSchema = z.object({
  refs: z
    .array(z.string())
    .describe('Entity refs, usually the user ownership refs (claims)'),
});

const lower = (refs: string[]) => refs.map(r => r.toLocaleLowerCase('en-US'));

export const isRequester = createPermissionRule({
  name: 'IS_REQUESTER',
  description: 'The request was made by one of the given users',
  resourceRef: requestResourceRef,
  paramsSchema: refsSchema,
  apply: (request, { refs }) =>
    lower(refs).includes(request.requester.toLocaleLowerCase('en-US')),
  toQuery: ({ refs }) => ({ field: 'requester', refs: lower(refs) }),
});

export const isOwnedBy = createPermissionRule({
  name: 'IS_OWNED_BY',
  description:
    'The entity the request creates will be owned by one of the given groups',
  resourceRef: requestResourceRef,
  paramsSchema: refsSchema,
  apply: (request, { refs }) =>
    !!request.owner &&
    lower(refs).includes(request.owner.toLocaleLowerCase('en-US')),
  toQuery: ({ refs }) => ({ field: 'owner', refs: lower(refs) }),
});

export const requestPermissionRules = [isRequester, isOwnedBy];

/**
 * Condition factories for permission policies, e.g.
 * `createRequestConditionalDecision(permission, { anyOf: [requestConditions.isRequester({ refs }), ...] })`.
 */
export const {
  conditions: requestConditions,
  createConditionalDecision: createRequestConditionalDecision,
} = createConditionExports({
  resourceRef: requestResourceRef,
  rules: { isRequester, isOwnedBy },
});
