import {
  addressPlanOf,
  HubConfig,
  isValidCidr,
  MAX_AZ_COUNT,
  parseCidr,
  spokeDefaults,
  Registry,
  RegistryIssue,
  SpokeConfig,
  validateSpoke,
} from '@internal/plugin-platform-common';

/** Aurora MySQL version a new spoke gets unless the form says otherwise. */
export const DEFAULT_AURORA_ENGINE_VERSION = '8.0.mysql_aurora.3.08.0';

/**
 * The New environment form's answers: flat, named as the form names them. Numbers
 * may arrive as anything; the registry schema decides.
 */
export interface NewSpokeInput {
  name: string;
  description?: string;
  environmentClass: string;
  account: string;
  region: string;
  owner: string;
  cidr: string;
  /** Address pool; default: the environment class's default pool in `hub.yaml`. */
  pool?: string;
  /** VPC size as a prefix length (16 to 20); when given, `cidr` must be that size. */
  size?: number;
  azCount: number;
  natGateways: string;
  /** Hub private zones to associate; default: the hub's root zone and `<name>.<root>` if the hub has it. */
  privateZones?: string[];
  eksVersion: string;
  nodeInstanceType: string;
  nodeMinSize: number;
  nodeDesiredSize: number;
  nodeMaxSize: number;
  auroraEngineVersion?: string;
  auroraInstanceClass: string;
  auroraReaders: number;
  auroraMaxReaders?: number;
  deletionProtection: boolean;
}

/** A refused input: the form field, the registry field it fills, the rule and why. */
export interface InputIssue {
  /** Form / action input name, e.g. `cidr`. */
  input: string;
  /** Registry field, e.g. `network.cidr`. */
  field: string;
  rule: string;
  message: string;
}

/** Registry field prefixes and the form input each comes from. */
const FIELD_TO_INPUT: Array<[prefix: string, input: string]> = [
  ['network.cidr', 'cidr'],
  ['network.pool', 'pool'],
  ['network.azCount', 'azCount'],
  ['network.availabilityZones', 'azCount'],
  ['network.natGateways', 'natGateways'],
  ['dns.privateZones', 'privateZones'],
  ['eks.version', 'eksVersion'],
  ['eks.nodeGroup.instanceTypes', 'nodeInstanceType'],
  ['eks.nodeGroup.minSize', 'nodeMinSize'],
  ['eks.nodeGroup.desiredSize', 'nodeDesiredSize'],
  ['eks.nodeGroup.maxSize', 'nodeMaxSize'],
  ['aurora.engineVersion', 'auroraEngineVersion'],
  ['aurora.instanceClass', 'auroraInstanceClass'],
  ['aurora.readers', 'auroraReaders'],
  ['aurora.maxReaders', 'auroraMaxReaders'],
  ['aurora.deletionProtection', 'deletionProtection'],
];

/** The form input a registry field comes from (`network.cidr` → `cidr`). */
export function inputForField(field: string): string {
  const hit = FIELD_TO_INPUT.find(
    ([prefix]) => field === prefix || field.startsWith(`${prefix}.`),
  );
  return hit ? hit[1] : field.split('.')[0] || '(input)';
}

/** `cidr (network.cidr) [cidr-overlap] 10.1.0.0/16 in ... overlaps ...` */
export function formatInputIssue(issue: InputIssue): string {
  const where =
    issue.field && issue.field !== issue.input
      ? `${issue.input} (${issue.field})`
      : issue.input;
  return `${where} [${issue.rule}] ${issue.message}`;
}

/** One message listing every refused input, for an `InputError`. */
export function formatRefusal(issues: InputIssue[]): string {
  return `The new environment was refused (${issues.length} problem${
    issues.length === 1 ? '' : 's'
  }):\n${issues.map(i => `- ${formatInputIssue(i)}`).join('\n')}`;
}

/** Registry issues as input issues. */
export function toInputIssues(issues: RegistryIssue[]): InputIssue[] {
  return issues.map(i => ({
    input: inputForField(i.field),
    field: i.field,
    rule: i.rule,
    message: i.message,
  }));
}

/**
 * The longest spoke name whose derived AWS names fit: the Aurora cluster identifier
 * `<name>-aurora` may have at most 63 characters.
 */
export const MAX_SPOKE_NAME_LENGTH = 63 - '-aurora'.length;

/**
 * Name rules the registry schema states only as a pattern, spelled out so the
 * person sees which one they broke. AWS names derive from the spoke name
 * (`spokeResourceNames`), and an Aurora cluster identifier allows neither more than
 * 63 characters nor two hyphens in a row.
 */
export function checkSpokeName(name: unknown): InputIssue[] {
  if (typeof name !== 'string') return [];
  const issue = (rule: string, message: string): InputIssue => ({
    input: 'name',
    field: 'name',
    rule,
    message,
  });
  const issues: InputIssue[] = [];
  if (/[A-Z]/.test(name)) {
    issues.push(
      issue(
        'name-lowercase',
        `'${name}' has upper-case letters; a spoke name is a lower-case DNS label`,
      ),
    );
  }
  if (name.length > 63) {
    issues.push(
      issue(
        'name-length',
        `is ${name.length} characters; a DNS label has at most 63`,
      ),
    );
  } else if (name.length > MAX_SPOKE_NAME_LENGTH) {
    issues.push(
      issue(
        'name-fits-aws-names',
        `is ${name.length} characters; at most ${MAX_SPOKE_NAME_LENGTH} so that the Aurora cluster identifier '<name>-aurora' fits in 63`,
      ),
    );
  }
  if (name.includes('--')) {
    issues.push(
      issue(
        'name-fits-aws-names',
        'has two hyphens in a row, which an Aurora cluster identifier does not allow',
      ),
    );
  }
  return issues;
}

/**
 * The hub private zones a new spoke joins unless told otherwise: the hub's root zone
 * (its first private zone) and `<name>.<root>` when the hub already has that zone.
 */
export function defaultPrivateZones(hub: HubConfig, name: string): string[] {
  const [root] = hub.dns.privateZones;
  const own = `${name}.${root}`;
  return hub.dns.privateZones.includes(own) ? [root, own] : [root];
}

/**
 * Availability zones for `azCount` zones in a region: `<region>a`, `<region>b`, ...
 * Explicit, so that synth never looks zones up.
 */
export function availabilityZonesFor(
  region: string,
  azCount: number,
): string[] {
  const count = Number.isInteger(azCount)
    ? Math.max(0, Math.min(azCount, MAX_AZ_COUNT + 3))
    : 0;
  return 'abcdef'
    .slice(0, count)
    .split('')
    .map(letter => `${region}${letter}`);
}

/**
 * The pool a new spoke names when the form leaves it empty: its class's default
 * pool (a new spoke always names its pool, so its VPC is allocated from IPAM).
 */
export function defaultPoolName(
  hub: HubConfig,
  environmentClass: string,
): string {
  const cls = environmentClass === 'prod' ? 'prod' : 'non-prod';
  return spokeDefaults(addressPlanOf(hub), cls).pool.name;
}

/**
 * The form's size must be the size of its block: the person chose a size, then typed
 * (or kept) a block of another size. Never throws.
 */
export function checkCidrSize(input: NewSpokeInput): InputIssue[] {
  if (input.size === undefined || input.size === null) return [];
  if (typeof input.cidr !== 'string' || !isValidCidr(input.cidr)) return [];
  const prefix = parseCidr(input.cidr).prefixLength;
  if (prefix === Number(input.size)) return [];
  return [
    {
      input: 'cidr',
      field: 'network.cidr',
      rule: 'cidr-matches-size',
      message: `${input.cidr} is a /${prefix} but size asks for a /${input.size}`,
    },
  ];
}

/** The registry object a spoke file would hold for these answers (unchecked). */
export function spokeCandidate(
  input: NewSpokeInput,
  hub: HubConfig,
): Record<string, unknown> {
  return {
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    environmentClass: input.environmentClass,
    account: input.account,
    region: input.region,
    owner: input.owner,
    network: {
      cidr: input.cidr,
      azCount: input.azCount,
      availabilityZones: availabilityZonesFor(input.region, input.azCount),
      natGateways: input.natGateways,
      pool: input.pool || defaultPoolName(hub, input.environmentClass),
    },
    dns: {
      privateZones:
        input.privateZones ??
        (typeof input.name === 'string'
          ? defaultPrivateZones(hub, input.name)
          : []),
    },
    eks: {
      version: input.eksVersion,
      nodeGroup: {
        instanceTypes: [input.nodeInstanceType],
        desiredSize: input.nodeDesiredSize,
        minSize: input.nodeMinSize,
        maxSize: input.nodeMaxSize,
      },
    },
    aurora: {
      engineVersion: input.auroraEngineVersion ?? DEFAULT_AURORA_ENGINE_VERSION,
      instanceClass: input.auroraInstanceClass,
      readers: input.auroraReaders,
      ...(input.auroraMaxReaders !== undefined
        ? { maxReaders: input.auroraMaxReaders }
        : {}),
      deletionProtection: input.deletionProtection,
    },
  };
}

/** Result of {@link checkNewSpoke}. */
export type NewSpokeCheck =
  | { ok: true; spoke: SpokeConfig; file: string }
  | { ok: false; issues: InputIssue[] };

/**
 * Checks a spoke (a registry object) against a valid registry with every registry
 * rule (schema, single file, across files) plus {@link checkSpokeName}. Never throws.
 */
export function checkSpoke(
  registry: Registry,
  candidate: unknown,
  now: Date = new Date(),
): NewSpokeCheck {
  const nameIssues = checkSpokeName(
    candidate && typeof candidate === 'object' && 'name' in candidate
      ? candidate.name
      : undefined,
  );
  const result = validateSpoke(registry, candidate, { now });
  // One message per field is enough when a spelled-out name rule already covers it.
  const registryIssues = result.ok
    ? []
    : toInputIssues(result.issues).filter(
        i => !(i.field === 'name' && nameIssues.length > 0),
      );
  const issues = [...nameIssues, ...registryIssues];
  if (issues.length > 0 || !result.ok) return { ok: false, issues };
  return { ok: true, spoke: result.spoke, file: result.file };
}

/** Checks the form's answers against the registry. Never throws. */
export function checkNewSpoke(
  registry: Registry,
  input: NewSpokeInput,
  now: Date = new Date(),
): NewSpokeCheck {
  const sizeIssues = checkCidrSize(input);
  const result = checkSpoke(registry, spokeCandidate(input, registry.hub), now);
  if (sizeIssues.length === 0) return result;
  return {
    ok: false,
    issues: [...sizeIssues, ...(result.ok ? [] : result.issues)],
  };
}
