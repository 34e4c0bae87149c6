import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { cidrsOverlap, ipInCidr, POD_CIDR } from './cidr';
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
import { planSubnets } from './subnetPlan';
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

/**
 * Checks across files. Each spoke is compared with the hub and with the spokes
 * before it, and a clash is reported on the later file, naming the earlier one.
 */
function checkAcrossFiles(
  hub: Entry<HubConfig> | undefined,
  spokes: Entry<SpokeConfig>[],
): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  if (hub) issues.push(...checkHub(hub), ...hubClusterPlatformIssues(hub));
  spokes.forEach((spoke, index) => {
    issues.push(
      ...checkSpoke(spoke, hub),
      ...clusterPlatformIssues(hub, spoke),
    );
    const { file, config } = spoke;
    const earlier = spokes.slice(0, index);
    if (hub && hub.config.name === config.name) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the hub's name in ${hub.file}`,
      });
    }
    const sameName = earlier.find(o => o.config.name === config.name);
    if (sameName) {
      issues.push({
        file,
        field: 'name',
        rule: 'unique-name',
        message: `'${config.name}' is also the name in ${sameName.file}`,
      });
    }
    const sameAccount = [...(hub ? [hub] : []), ...earlier].find(
      o => o.config.account === config.account,
    );
    if (sameAccount) {
      issues.push({
        file,
        field: 'account',
        rule: 'unique-account',
        message: `${config.account} is also the account of ${sameAccount.file}`,
      });
    }
    for (const other of [...(hub ? [hub] : []), ...earlier]) {
      if (cidrsOverlap(config.network.cidr, other.config.network.cidr)) {
        issues.push({
          file,
          field: 'network.cidr',
          rule: 'cidr-overlap',
          message: `${config.network.cidr} in ${file} overlaps ${other.config.network.cidr} in ${other.file}`,
        });
      }
    }
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
  const crossIssues = checkAcrossFiles(hub, [
    ...existing,
    { file, config },
  ]).filter(i => i.file === file);
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
