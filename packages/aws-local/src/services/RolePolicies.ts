import { AwsError } from '../lib/errors';
import { IssuedCredentials } from './Identities';

/** Actions IAM answers for any caller, whatever its policies. */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity']);

/** How each protocol family names an authorization failure. */
const DENIAL_CODE: Record<string, string> = {
  ec2: 'UnauthorizedOperation',
  rds: 'AccessDenied',
  sts: 'AccessDenied',
  monitoring: 'AccessDenied',
};

/** Services whose IAM action prefix is not their signing name. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

/**
 * What roles assumed through this endpoint may do, the way IAM's identity-based
 * policies decide it: a role with a listed policy may call exactly its actions and
 * is refused anything else; a role without one is unrestricted (the endpoint does not
 * model every role of the estate, only those whose policy the project pins).
 */
export class RolePolicies {
  private readonly allowed: Map<string, Set<string>>;

  constructor(policies: Record<string, readonly string[]> = {}) {
    this.allowed = new Map(
      Object.entries(policies).map(([role, actions]) => [
        role,
        new Set(actions),
      ]),
    );
  }

  /** The refusal IAM would give `caller` for `service:operation`, or undefined. */
  denial(
    caller: IssuedCredentials | undefined,
    service: string,
    operation: string,
  ): AwsError | undefined {
    if (!caller) return undefined;
    const actions = this.allowed.get(caller.roleName);
    const action = `${IAM_PREFIX[service] ?? service}:${operation}`;
    if (!actions || actions.has(action) || ALWAYS_ALLOWED.has(action)) {
      return undefined;
    }
    return new AwsError(
      DENIAL_CODE[service] ?? 'AccessDeniedException',
      `User: arn:aws:sts::${caller.account}:assumed-role/${caller.roleName}/${caller.callerName} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      403,
    );
  }
}
