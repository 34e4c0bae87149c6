import { NotAllowedError } from '@backstage/errors';

/** Templates with this tag may be run by the platform team only. */
export const PLATFORM_TEAM_ONLY_TAG = 'platform-team-only';

/** The parts of a task's user the membership check reads. */
export interface TaskUser {
  ref?: string;
  entity?: {
    metadata?: { namespace?: string };
    spec?: { memberOf?: string[] };
    relations?: Array<{ type: string; targetRef: string }>;
  };
}

function groupRef(ref: string, namespace: string): string {
  const lower = ref.toLocaleLowerCase('en-US');
  if (lower.includes(':')) {
    return lower.includes('/') ? lower : lower.replace(':', `:${namespace}/`);
  }
  return lower.includes('/') ? `group:${lower}` : `group:${namespace}/${lower}`;
}

/** The user's own ref and the refs of every group the catalog says they belong to. */
export function identityRefs(user: TaskUser | undefined): string[] {
  if (!user) return [];
  const namespace = user.entity?.metadata?.namespace ?? 'default';
  const refs = new Set<string>();
  if (user.ref) refs.add(user.ref.toLocaleLowerCase('en-US'));
  for (const relation of user.entity?.relations ?? []) {
    if (relation.type === 'memberOf') {
      refs.add(relation.targetRef.toLocaleLowerCase('en-US'));
    }
  }
  for (const group of user.entity?.spec?.memberOf ?? []) {
    refs.add(groupRef(group, namespace));
  }
  return [...refs];
}

/** True when any of the refs is one of the platform team's. */
export function isPlatformTeamMember(
  refs: string[],
  platformTeam: string[],
): boolean {
  const team = new Set(platformTeam.map(r => r.toLocaleLowerCase('en-US')));
  return refs.some(ref => team.has(ref.toLocaleLowerCase('en-US')));
}

/**
 * The actions' own check, behind the permission policy: a task that reached an
 * action without the policy's filtering (a policy swapped out, a template without
 * the tag) still stops here.
 *
 * @throws NotAllowedError naming the user and the configured team.
 */
export function assertPlatformTeam(
  user: TaskUser | undefined,
  platformTeam: string[],
  actionId: string,
): void {
  if (isPlatformTeamMember(identityRefs(user), platformTeam)) return;
  throw new NotAllowedError(
    `${actionId} may only be run by the platform team (${platformTeam.join(
      ', ',
    )}); the task was started by ${
      user?.ref ?? 'an unknown user'
    }. Members are configured in platform.permissions.platformTeam.`,
  );
}
