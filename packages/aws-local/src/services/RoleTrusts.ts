import { AwsError } from '../lib/errors';
import { SeedRegistry } from '../state/seed';

/**
 * The external id the local endpoint expects when nothing else is configured. It stands
 * for the value of the secret `hub.yaml` `portal.externalIdName` names, which the spoke
 * stacks put in the roles' trust and which never lives in git.
 */
export const DEFAULT_PORTAL_EXTERNAL_ID = 'aws-local-external-id';

/** A role whose trust policy carries `"StringEquals": { "sts:ExternalId": … }`. */
export interface RoleTrust {
  account: string;
  roleName: string;
  externalId: string;
}

/**
 * Who may assume which role, the way IAM evaluates a role's trust policy on
 * `sts:AssumeRole`: a role with a trust rule is assumed only with its external id;
 * a role without one is assumed by anyone (the endpoint does not model every role of
 * the estate, only those whose trust the project pins).
 */
export class RoleTrusts {
  private trusts = new Map<string, string>();

  constructor(trusts: readonly RoleTrust[] = []) {
    this.replace(trusts);
  }

  /** The trusts of the registry as it is now (a spoke seeded since start, a reset). */
  replace(trusts: readonly RoleTrust[]): void {
    this.trusts = new Map(
      trusts.map(t => [`${t.account}/${t.roleName}`, t.externalId]),
    );
  }

  /**
   * The refusal IAM would give `callerArn` assuming the role, or undefined. AWS names
   * neither the condition nor the value expected, so neither does this.
   */
  denial(request: {
    callerArn: string;
    roleArn: string;
    account: string;
    roleName: string;
    externalId: string | undefined;
  }): AwsError | undefined {
    const expected = this.trusts.get(`${request.account}/${request.roleName}`);
    if (expected === undefined || request.externalId === expected) {
      return undefined;
    }
    return new AwsError(
      'AccessDenied',
      `User: ${request.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`,
      403,
    );
  }
}

/**
 * The trust the spoke stacks write (`infra/lib/stacks/spoke-stack.ts`): in every spoke
 * account, the portal's read-only role (`hub.yaml` `portal.roleName`) and its secret
 * writer role (`portal.secretWriterRoleName`) are assumed only with the external id
 * from the secret `portal.externalIdName` names; `externalId` stands for that value.
 */
export function spokeRoleTrusts(
  registry: SeedRegistry,
  externalId: string,
): RoleTrust[] {
  const portal = registry.hub.portal;
  if (!portal) return [];
  const roleNames = [
    portal.roleName,
    // The infra app's default when the registry names none.
    portal.secretWriterRoleName ?? 'platform-secret-writer',
  ];
  const accounts = new Set(registry.spokes.map(s => s.account));
  return [...accounts].flatMap(account =>
    roleNames.map(roleName => ({ account, roleName, externalId })),
  );
}
