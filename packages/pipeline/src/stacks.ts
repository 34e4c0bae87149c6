/**
 * What each platform stack is, read from its name (the names agreed for the
 * platform: `platform-cicd-<account name>`, `platform-hub`,
 * `platform-spoke-<spoke>`, `platform-service-<service>-hub`,
 * `platform-service-<service>-<spoke>`), and the GitHub environment it deploys in.
 */

/** The kinds of platform stack, in the order a first deploy needs them. */
export type StackKind =
  | 'cicd'
  | 'hub'
  | 'service-hub'
  | 'spoke'
  | 'service-spoke';

/** An AWS account of the estate and its GitHub environment (named like the registry). */
export interface PlatformAccount {
  /** `hub` for the hub, otherwise the spoke's name. */
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly environmentClass: 'hub' | 'non-prod' | 'prod';
  /** The spoke's primary VPC CIDR (spokes only). */
  readonly cidr?: string;
}

/** The registry as the pipeline reads it (the loader's `Registry` fits). */
export interface PipelineRegistry {
  readonly hub: {
    readonly account: string;
    readonly region: string;
    readonly network: { readonly cidr: string };
  };
  readonly spokes: ReadonlyArray<{
    readonly name: string;
    readonly account: string;
    readonly region: string;
    readonly environmentClass: 'non-prod' | 'prod';
    readonly network: { readonly cidr: string };
  }>;
}

/** The GitHub environment of the hub account. */
export const HUB_ENVIRONMENT = 'hub';

/** Every account of a registry: the hub first, then the spokes by name. */
export function platformAccounts(
  registry: PipelineRegistry,
): PlatformAccount[] {
  return [
    {
      environment: HUB_ENVIRONMENT,
      account: registry.hub.account,
      region: registry.hub.region,
      environmentClass: 'hub',
    },
    ...[...registry.spokes]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(s => ({
        environment: s.name,
        account: s.account,
        region: s.region,
        environmentClass: s.environmentClass,
        cidr: s.network.cidr,
      })),
  ];
}

/** The stack that holds an account's CI/CD roles and OIDC provider. */
export function cicdStackName(environment: string): string {
  return `platform-cicd-${environment}`;
}

/**
 * The kind of a platform stack and the environment (account name) it belongs to,
 * or undefined for a name outside the platform's conventions.
 *
 * @param environments - known environment names, to split `platform-service-a-b-dev`
 *   into service `a-b` and spoke `dev`.
 */
export function classifyStack(
  stackName: string,
  environments: readonly string[],
): { kind: StackKind; environment: string; service?: string } | undefined {
  if (stackName === 'platform-hub') {
    return { kind: 'hub', environment: HUB_ENVIRONMENT };
  }
  let m = /^platform-cicd-(.+)$/.exec(stackName);
  if (m) return { kind: 'cicd', environment: m[1] };
  m = /^platform-spoke-(.+)$/.exec(stackName);
  if (m) return { kind: 'spoke', environment: m[1] };
  m = /^platform-service-(.+)$/.exec(stackName);
  if (m) {
    // Longest known environment suffix wins: spoke names may contain dashes.
    const env = [...environments, HUB_ENVIRONMENT]
      .sort((a, b) => b.length - a.length)
      .find(e => m![1].endsWith(`-${e}`));
    if (!env) return undefined;
    return {
      kind: env === HUB_ENVIRONMENT ? 'service-hub' : 'service-spoke',
      environment: env,
      service: m[1].slice(0, -(env.length + 1)),
    };
  }
  return undefined;
}
