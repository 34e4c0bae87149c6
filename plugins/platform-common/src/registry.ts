import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { addressPlanOf, findPool, poolContaining } from './addressPlan';
import {
  cidrContains,
  cidrsOverlap,
  ipInCidr,
  lastAddress,
  parseCidr,
  POD_CIDR,
} from './cidr';
import {
  HubConfig,
  hubConfigSchema,
  Registry,
  SpokeConfig,
  spokeConfigSchema,
} from './schema';
import {
  RegistryIssue,
  RegistryValidationError,
} from './RegistryValidationError';
import {
  isSpokeVpcPrefix,
  LARGEST_VPC_PREFIX,
  planSubnets,
  SMALLEST_VPC_PREFIX,
} from './subnetPlan';
import {
  EKS_KUBERNETES_VERSIONS,
  findKubernetesVersion,
  kubernetesVersionRefusal,
} from './kubernetesVersions';
import {
  clusterPlatformIssues,
  hubClusterPlatformIssues,
} from './clusterPlatform';

/** A registry file: path relative to the config dir and its YAML text. */
export interface RegistryFile {
  path: string;
  content: string;
}

/** The hub's file, relative to the config dir. */
export const HUB_FILE = 'hub.yaml';

/** The file a spoke lives in, relative to the config dir. */
export function spokeFile(name: string): string {
  return `spokes/${name}.yaml`;
}

export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 3;

interface Entry<T> {
  file: string;
  config: T;
}

function zodIssues(file: string, error: z.ZodError): RegistryIssue[] {
  return error.issues
    .map(issue => {
      const path = issue.path.map(String);
      let rule: string = issue.code;
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(key => ({
          file,
          field: [...path, key].join('.'),
          rule: 'unknown-field',
          message: `'${key}' is not a known field`,
        }));
      }
      if (issue.code === 'invalid_format') rule = 'format';
      if (issue.code === 'custom') rule = 'format';
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        rule = 'required';
        message = 'is required';
      }
      return [{ file, field: path.join('.'), rule, message }];
    })
    .flat();
}

function parseFile<T>(
  file: string,
  content: string,
  schema: z.ZodType<T>,
  issues: RegistryIssue[],
): T | undefined {
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (e) {
    issues.push({
      file,
      field: '',
      rule: 'yaml-syntax',
      message: e instanceof Error ? e.message.split('\n')[0] : String(e),
    });
    return undefined;
  }
  return parseValue(file, data, schema, issues);
}

function parseValue<T>(
  file: string,
  data: unknown,
  schema: z.ZodType<T>,
  issues: RegistryIssue[],
): T | undefined {
  const result = schema.safeParse(data ?? {}, { reportInput: true });
  if (!result.success) {
    issues.push(...zodIssues(file, result.error));
    return undefined;
  }
  return result.data;
}

function checkAzs(
  file: string,
  region: string,
  azs: string[],
  issues: RegistryIssue[],
) {
  azs.forEach((az, i) => {
    if (!/^[a-z]$/.test(az.slice(region.length)) || !az.startsWith(region)) {
      issues.push({
        file,
        field: `network.availabilityZones.${i}`,
        rule: 'az-in-region',
        message: `${az} is not an availability zone of ${region}`,
      });
    }
  });
  if (new Set(azs).size !== azs.length) {
    issues.push({
      file,
      field: 'network.availabilityZones',
      rule: 'unique-az',
      message: 'lists the same availability zone twice',
    });
  }
}

function checkHub({ file, config: hub }: Entry<HubConfig>): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  checkAzs(file, hub.region, hub.network.availabilityZones, issues);
  const azCount = hub.network.availabilityZones.length;
  if (azCount < MIN_AZ_COUNT || azCount > MAX_AZ_COUNT) {
    issues.push({
      file,
      field: 'network.availabilityZones',
      rule: 'az-count-range',
      message: `lists ${azCount} availability zones; the hub needs ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`,
    });
  }
  if (cidrsOverlap(hub.network.cidr, POD_CIDR)) {
    issues.push({
      file,
      field: 'network.cidr',
      rule: 'pod-cidr-reserved',
      message: `${hub.network.cidr} overlaps the pod range ${POD_CIDR}`,
    });
  }
  issues.push(...checkAddressPlan(file, hub));
  if (hub.deployed) {
    hub.deployed.resolverInboundIps.forEach((ip, i) => {
      if (!ipInCidr(ip, hub.network.cidr)) {
        issues.push({
          file,
          field: `deployed.resolverInboundIps.${i}`,
          rule: 'ip-in-hub-cidr',
          message: `${ip} is outside the hub's ${hub.network.cidr}`,
        });
      }
    });
    for (const zone of Object.keys(hub.deployed.privateZoneIds)) {
      if (!hub.dns.privateZones.includes(zone)) {
        issues.push({
          file,
          field: `deployed.privateZoneIds.${zone}`,
          rule: 'known-zone',
          message: `${zone} is not listed in dns.privateZones`,
        });
      }
    }
  }
  return issues;
}

/** `addressPlan` and `deployed.ipamPoolIds` of the hub. */
function checkAddressPlan(file: string, hub: HubConfig): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const push = (field: string, rule: string, message: string) =>
    issues.push({ file, field, rule, message });
  const plan = hub.addressPlan;
  const seen: { name: string; cidr: string; field: string }[] = [];
  plan?.pools.forEach((pool, i) => {
    if (plan.pools.slice(0, i).some(p => p.name === pool.name)) {
      push(
        `addressPlan.pools.${i}.name`,
        'unique-pool',
        `'${pool.name}' names two pools`,
      );
    }
    pool.cidrs.forEach((cidr, j) => {
      const field = `addressPlan.pools.${i}.cidrs.${j}`;
      if (parseCidr(cidr).prefixLength > LARGEST_VPC_PREFIX + 4) {
        push(
          field,
          'pool-size',
          `${cidr} is smaller than a /${SMALLEST_VPC_PREFIX}, the smallest spoke VPC`,
        );
      }
      if (cidrsOverlap(cidr, POD_CIDR)) {
        push(
          field,
          'pod-cidr-reserved',
          `${cidr} overlaps the pod range ${POD_CIDR} every spoke uses`,
        );
      }
      const clash = seen.find(o => cidrsOverlap(o.cidr, cidr));
      if (clash) {
        push(
          field,
          'pool-overlap',
          `${cidr} of pool '${pool.name}' overlaps ${clash.cidr} of pool '${clash.name}' (${clash.field})`,
        );
      }
      seen.push({ name: pool.name, cidr, field });
    });
  });
  const knownPool = (name: string) =>
    findPool(addressPlanOf(hub), name) !== undefined;
  const poolNames = addressPlanOf(hub)
    .pools.map(p => p.name)
    .join(', ');
  for (const cls of ['non-prod', 'prod'] as const) {
    const name = plan?.defaults[cls].pool;
    if (name && !knownPool(name)) {
      push(
        `addressPlan.defaults.${cls}.pool`,
        'known-pool',
        `'${name}' is not a pool of addressPlan.pools (${poolNames})`,
      );
    }
  }
  for (const name of Object.keys(hub.deployed?.ipamPoolIds ?? {})) {
    if (!knownPool(name)) {
      push(
        `deployed.ipamPoolIds.${name}`,
        'known-pool',
        `'${name}' is not a pool of addressPlan.pools (${poolNames})`,
      );
    }
  }
  return issues;
}

function checkSpoke(
  { file, config: spoke }: Entry<SpokeConfig>,
  hub: Entry<HubConfig> | undefined,
): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const push = (field: string, rule: string, message: string) =>
    issues.push({ file, field, rule, message });
  const { network } = spoke;

  const base = /^spokes\/([^/]+)\.ya?ml$/.exec(file)?.[1];
  if (base !== undefined && base !== spoke.name) {
    push(
      'name',
      'name-matches-file',
      `is '${spoke.name}' but the file is ${file}; they must be equal`,
    );
  }
  if (network.azCount < MIN_AZ_COUNT || network.azCount > MAX_AZ_COUNT) {
    push(
      'network.azCount',
      'az-count-range',
      `is ${network.azCount}; must be ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`,
    );
  } else if (!isSpokeVpcPrefix(parseCidr(network.cidr).prefixLength)) {
    push(
      'network.cidr',
      'vpc-size-range',
      `${network.cidr} is a /${
        parseCidr(network.cidr).prefixLength
      }; a spoke VPC is a /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
    );
  } else {
    try {
      planSubnets(network.cidr, network.azCount);
    } catch (e) {
      push('network.cidr', 'cidr-fits-subnet-plan', (e as Error).message);
    }
  }
  if (network.availabilityZones.length !== network.azCount) {
    push(
      'network.availabilityZones',
      'az-list-length',
      `lists ${network.availabilityZones.length} zones but network.azCount is ${network.azCount}`,
    );
  }
  checkAzs(file, spoke.region, network.availabilityZones, issues);
  if (cidrsOverlap(network.cidr, POD_CIDR)) {
    push(
      'network.cidr',
      'pod-cidr-reserved',
      `${network.cidr} overlaps the pod range ${POD_CIDR} every spoke uses`,
    );
  }
  if (!findKubernetesVersion(spoke.eks.version)) {
    push(
      'eks.version',
      'known-kubernetes-version',
      `Kubernetes ${
        spoke.eks.version
      } is not in the EKS release calendar (${EKS_KUBERNETES_VERSIONS.map(
        k => k.version,
      ).join(', ')}); add it to platform-common's kubernetesVersions first`,
    );
  }
  const ng = spoke.eks.nodeGroup;
  if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
    push(
      'eks.nodeGroup.desiredSize',
      'node-group-range',
      `needs minSize <= desiredSize <= maxSize, got ${ng.minSize} <= ${ng.desiredSize} <= ${ng.maxSize}`,
    );
  }
  if (spoke.aurora.maxReaders < spoke.aurora.readers) {
    push(
      'aurora.maxReaders',
      'reader-range',
      `is ${spoke.aurora.maxReaders}, below readers (${spoke.aurora.readers})`,
    );
  }
  if (spoke.environmentClass === 'prod' && !spoke.aurora.deletionProtection) {
    push(
      'aurora.deletionProtection',
      'prod-deletion-protection',
      'must be true for a prod spoke',
    );
  }
  if (hub) {
    if (spoke.region !== hub.config.region) {
      push(
        'region',
        'same-region-as-hub',
        `is ${spoke.region} but the hub (${hub.file}) is in ${hub.config.region}; the TGW is regional`,
      );
    }
    checkSpokePool(spoke, hub, push);
    spoke.dns.privateZones.forEach((zone, i) => {
      if (!hub.config.dns.privateZones.includes(zone)) {
        push(
          `dns.privateZones.${i}`,
          'known-zone',
          `${zone} is not a private zone of the hub (${hub.file} dns.privateZones)`,
        );
      }
    });
  }
  return issues;
}

/** The spoke's pool exists and holds its block (only when the hub plans pools or the spoke names one). */
function checkSpokePool(
  spoke: SpokeConfig,
  hub: Entry<HubConfig>,
  push: (field: string, rule: string, message: string) => void,
) {
  const plan = addressPlanOf(hub.config);
  const names = plan.pools.map(p => p.name).join(', ');
  const { cidr, pool: named } = spoke.network;
  if (named) {
    const pool = findPool(plan, named);
    if (!pool) {
      push(
        'network.pool',
        'known-pool',
        `'${named}' is not an address pool of the hub (${hub.file} addressPlan.pools: ${names})`,
      );
    } else if (!pool.cidrs.some(c => cidrContains(c, cidr))) {
      push(
        'network.cidr',
        'cidr-in-pool',
        `${cidr} is outside pool '${pool.name}' (${pool.cidrs.join(', ')})`,
      );
    }
    if (
      pool &&
      hub.config.deployed &&
      !hub.config.deployed.ipamPoolIds?.[named]
    ) {
      // Deploying now would create the VPC outside IPAM; adding the pool later replaces it.
      push(
        'network.pool',
        'ipam-pool-recorded',
        `the hub is deployed but ${
          hub.file
        } deployed.ipamPoolIds has no id for pool '${named}'; deploy the hub and record its IpamPool${named
          .split('-')
          .map(w => w[0].toUpperCase() + w.slice(1))
          .join('')}Id output first`,
      );
    }
  } else if (hub.config.addressPlan && !poolContaining(plan, cidr)) {
    push(
      'network.cidr',
      'cidr-in-pool',
      `${cidr} is in none of the hub's address pools (${plan.pools
        .map(p => `${p.name}: ${p.cidrs.join(', ')}`)
        .join('; ')})`,
    );
  }
}

/**
 * Checks across files. Each spoke is compared with the hub and with the spokes
 * before it, and a clash is reported on the later file, naming the earlier one.
 */
function checkAcrossFiles(
  hub: Entry<HubConfig> | undefined,
  spokes: Entry<SpokeConfig>[],
  /** Report only on spokes from this index on; the ones before are known good. */
  reportFrom = 0,
): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  if (hub && reportFrom === 0) {
    issues.push(...checkHub(hub), ...hubClusterPlatformIssues(hub));
  }
  // Parsed once: a registry of a thousand spokes compares half a million pairs.
  const ranges = new Map<Entry<HubConfig | SpokeConfig>, [number, number]>();
  const rangeOf = (e: Entry<HubConfig | SpokeConfig>): [number, number] => {
    let r = ranges.get(e);
    if (!r) {
      const c = parseCidr(e.config.network.cidr);
      r = [c.address, lastAddress(c)];
      ranges.set(e, r);
    }
    return r;
  };
  const byName = new Map<string, Entry<SpokeConfig>>();
  const byAccount = new Map<string, Entry<HubConfig | SpokeConfig>>();
  if (hub) byAccount.set(hub.config.account, hub);
  const placed: Entry<HubConfig | SpokeConfig>[] = hub ? [hub] : [];
  spokes.forEach((spoke, index) => {
    const { file, config } = spoke;
    if (index < reportFrom) {
      // Known good: only remember it for the comparisons below.
      if (!byName.has(config.name)) byName.set(config.name, spoke);
      if (!byAccount.has(config.account)) byAccount.set(config.account, spoke);
      placed.push(spoke);
      return;
    }
    issues.push(
      ...checkSpoke(spoke, hub),
      ...clusterPlatformIssues(hub, spoke),
    );
    if (hub && hub.config.name === config.name) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the hub's name in ${hub.file}`,
      });
    }
    const sameName = byName.get(config.name);
    if (sameName) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the name in ${sameName.file}`,
      });
    } else {
      byName.set(config.name, spoke);
    }
    const sameAccount = byAccount.get(config.account);
    if (sameAccount) {
      issues.push({
        file,
        field: 'account',
        rule: 'unique-account',
        message: `${config.account} is also the account of ${sameAccount.file}`,
      });
    } else {
      byAccount.set(config.account, spoke);
    }
    const [start, end] = rangeOf(spoke);
    for (const other of placed) {
      const [otherStart, otherEnd] = rangeOf(other);
      if (start <= otherEnd && otherStart <= end) {
        issues.push({
          file,
          field: 'network.cidr',
          rule: 'cidr-overlap',
          message: `${config.network.cidr} in ${file} overlaps ${other.config.network.cidr} in ${other.file}`,
        });
      }
    }
    placed.push(spoke);
  });
  return issues;
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/**
 * Parses and checks the registry from in-memory files (paths relative to the
 * config dir: `hub.yaml`, `spokes/<name>.yaml`). Works in the browser.
 *
 * @throws RegistryValidationError listing every issue found.
 */
export function parseRegistry(files: RegistryFile[]): Registry {
  const issues: RegistryIssue[] = [];
  let hub: Entry<HubConfig> | undefined;
  let hubSeen = false;
  const spokes: Entry<SpokeConfig>[] = [];
  const sorted = files
    .map(f => ({ path: normalisePath(f.path), content: f.content }))
    .sort((a, b) => byText(a.path, b.path));

  for (const { path, content } of sorted) {
    if (path === HUB_FILE) {
      hubSeen = true;
      const config = parseFile(path, content, hubConfigSchema, issues);
      if (config) hub = { file: path, config };
    } else if (/^spokes\/[^/]+\.ya?ml$/.test(path)) {
      const config = parseFile(path, content, spokeConfigSchema, issues);
      if (config) spokes.push({ file: path, config });
    } else {
      issues.push({
        file: path,
        field: '',
        rule: 'unknown-file',
        message: `expected ${HUB_FILE} or spokes/<name>.yaml`,
      });
    }
  }
  if (!hubSeen) {
    issues.push({
      file: HUB_FILE,
      field: '',
      rule: 'required-file',
      message: 'the registry needs a hub file',
    });
  }
  issues.push(...checkAcrossFiles(hub, spokes));
  if (issues.length > 0 || !hub) throw new RegistryValidationError(issues);
  return {
    hub: hub.config,
    spokes: spokes.map(s => s.config).sort((a, b) => byText(a.name, b.name)),
  };
}

/** Result of {@link validateSpoke}. */
export type SpokeValidationResult =
  | { ok: true; spoke: SpokeConfig; file: string; issues: [] }
  | { ok: false; issues: RegistryIssue[] };

/**
 * Checks a candidate spoke (a parsed object, e.g. from the New environment
 * form) against an already valid registry: the schema, the single-file rules
 * and every cross-file rule, as if it were `spokes/<name>.yaml`. Never throws.
 */
export function validateSpoke(
  registry: Registry,
  candidate: unknown,
  options: { now?: Date } = {},
): SpokeValidationResult {
  const name =
    candidate &&
    typeof candidate === 'object' &&
    'name' in candidate &&
    typeof candidate.name === 'string'
      ? candidate.name
      : 'new-spoke';
  const file = spokeFile(name);
  const issues: RegistryIssue[] = [];
  const config = parseValue(file, candidate, spokeConfigSchema, issues);
  if (!config) return { ok: false, issues };
  const hub = { file: HUB_FILE, config: registry.hub };
  const existing = registry.spokes.map(s => ({
    file: spokeFile(s.name),
    config: s,
  }));
  const crossIssues = checkAcrossFiles(
    hub,
    [...existing, { file, config }],
    existing.length,
  ).filter(i => i.file === file);
  // The policy depends on the day, so it applies to new spokes only: a registry
  // that was valid yesterday still loads (and synthesizes) today.
  const refusal = crossIssues.some(i => i.field === 'eks.version')
    ? undefined
    : kubernetesVersionRefusal(config.eks.version, options.now ?? new Date());
  if (refusal) {
    crossIssues.push({
      file,
      field: 'eks.version',
      rule: 'kubernetes-version-policy',
      message: refusal,
    });
  }
  if (crossIssues.length > 0) return { ok: false, issues: crossIssues };
  return { ok: true, spoke: config, file, issues: [] };
}

/**
 * Returns the hub's deployed outputs, or throws naming `hub.yaml` and the
 * `deployed` field when the hub has not been deployed yet.
 */
export function requireHubDeployed(
  registry: Registry,
): NonNullable<HubConfig['deployed']> {
  if (!registry.hub.deployed) {
    throw new RegistryValidationError([
      {
        file: HUB_FILE,
        field: 'deployed',
        rule: 'required',
        message:
          'is required once spokes are deployed: fill in the hub outputs (TGW id, route tables, resolver IPs, zone ids)',
      },
    ]);
  }
  return registry.hub.deployed;
}

/** A parsed registry file: its path relative to the config dir and its config. */
export interface RegistryEntry<T> {
  file: string;
  config: T;
}

/** Result of {@link parseRegistryFile}. */
export type ParsedRegistryFile =
  | { ok: true; kind: 'hub'; entry: RegistryEntry<HubConfig> }
  | { ok: true; kind: 'spoke'; entry: RegistryEntry<SpokeConfig> }
  | { ok: false; file: string; issues: RegistryIssue[] };

/**
 * Parses one registry file on its own: YAML, schema and the single-file rules,
 * none of the cross-file ones (see {@link checkRegistryAcrossFiles}). Never throws.
 * For callers that must keep going when one file is broken, such as the catalog
 * provider, which keeps the last good version of that file.
 */
export function parseRegistryFile(file: RegistryFile): ParsedRegistryFile {
  const path = normalisePath(file.path);
  const issues: RegistryIssue[] = [];
  if (path === HUB_FILE) {
    const config = parseFile(path, file.content, hubConfigSchema, issues);
    if (config) issues.push(...checkHub({ file: path, config }));
    if (!config || issues.length > 0) return { ok: false, file: path, issues };
    return { ok: true, kind: 'hub', entry: { file: path, config } };
  }
  if (/^spokes\/[^/]+\.ya?ml$/.test(path)) {
    const config = parseFile(path, file.content, spokeConfigSchema, issues);
    if (config) issues.push(...checkSpoke({ file: path, config }, undefined));
    if (!config || issues.length > 0) return { ok: false, file: path, issues };
    return { ok: true, kind: 'spoke', entry: { file: path, config } };
  }
  return {
    ok: false,
    file: path,
    issues: [
      {
        file: path,
        field: '',
        rule: 'unknown-file',
        message: `expected ${HUB_FILE} or spokes/<name>.yaml`,
      },
    ],
  };
}

/**
 * The checks {@link parseRegistry} runs once every file has parsed: each spoke
 * against the hub and against the spokes listed before it. A clash is reported on
 * the later spoke, so callers decide which file to blame by the order they pass.
 * Entries from {@link parseRegistryFile}; returns no issues when they fit together.
 */
export function checkRegistryAcrossFiles(
  hub: RegistryEntry<HubConfig>,
  spokes: RegistryEntry<SpokeConfig>[],
): RegistryIssue[] {
  return checkAcrossFiles(hub, spokes);
}

/**
 * The cross-file checks of {@link checkRegistryAcrossFiles}, one spoke at a time: each
 * candidate is checked against the hub and the spokes accepted before it, and only
 * accepted when the caller says so. Names and accounts are looked up in maps and CIDRs
 * in a sorted index, so checking a whole registry this way stays near-linear where
 * re-running the whole-registry check per spoke is quadratic or worse.
 */
export class RegistryAcrossFilesChecker {
  private readonly byName = new Map<string, Entry<SpokeConfig>>();
  private readonly byAccount = new Map<
    string,
    Entry<HubConfig | SpokeConfig>
  >();
  /** Accepted blocks sorted by first address. */
  private readonly blocks: Array<{
    start: number;
    end: number;
    entry: Entry<HubConfig | SpokeConfig>;
  }> = [];
  /** False once two accepted blocks overlap: then lookups scan every block. */
  private disjoint = true;

  constructor(private readonly hub: RegistryEntry<HubConfig>) {
    this.byAccount.set(hub.config.account, hub);
    this.place(hub);
  }

  /** The clashes `spoke` would bring, reported on its file; accepts nothing. */
  check(spoke: RegistryEntry<SpokeConfig>): RegistryIssue[] {
    const { file, config } = spoke;
    const hub = this.hub;
    const issues: RegistryIssue[] = [
      ...checkSpoke(spoke, hub),
      ...clusterPlatformIssues(hub, spoke),
    ];
    if (hub.config.name === config.name) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the hub's name in ${hub.file}`,
      });
    }
    const sameName = this.byName.get(config.name);
    if (sameName) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the name in ${sameName.file}`,
      });
    }
    const sameAccount = this.byAccount.get(config.account);
    if (sameAccount) {
      issues.push({
        file,
        field: 'account',
        rule: 'unique-account',
        message: `${config.account} is also the account of ${sameAccount.file}`,
      });
    }
    const c = parseCidr(config.network.cidr);
    const start = c.address;
    const end = lastAddress(c);
    for (const other of this.overlapping(start, end)) {
      issues.push({
        file,
        field: 'network.cidr',
        rule: 'cidr-overlap',
        message: `${config.network.cidr} in ${file} overlaps ${other.config.network.cidr} in ${other.file}`,
      });
    }
    return issues;
  }

  /** Takes `spoke` into the set later candidates are checked against. */
  accept(spoke: RegistryEntry<SpokeConfig>): void {
    if (!this.byName.has(spoke.config.name)) {
      this.byName.set(spoke.config.name, spoke);
    }
    if (!this.byAccount.has(spoke.config.account)) {
      this.byAccount.set(spoke.config.account, spoke);
    }
    this.place(spoke);
  }

  private place(entry: Entry<HubConfig | SpokeConfig>) {
    const c = parseCidr(entry.config.network.cidr);
    const block = { start: c.address, end: lastAddress(c), entry };
    if (this.overlapping(block.start, block.end).length) this.disjoint = false;
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.blocks[mid].start <= block.start) lo = mid + 1;
      else hi = mid;
    }
    this.blocks.splice(lo, 0, block);
  }

  /** Accepted entries whose block shares an address with [start, end], in address order. */
  private overlapping(
    start: number,
    end: number,
  ): Array<Entry<HubConfig | SpokeConfig>> {
    const found: Array<Entry<HubConfig | SpokeConfig>> = [];
    if (!this.disjoint) {
      for (const b of this.blocks) {
        if (b.start <= end && start <= b.end) found.push(b.entry);
      }
      return found;
    }
    // Disjoint blocks sorted by start are sorted by end too: find the first that
    // ends at or after `start`, then walk while they begin by `end`.
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.blocks[mid].end < start) lo = mid + 1;
      else hi = mid;
    }
    for (
      let i = lo;
      i < this.blocks.length && this.blocks[i].start <= end;
      i++
    ) {
      found.push(this.blocks[i].entry);
    }
    return found;
  }
}
