import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { SpokeCidrPlanner } from './addressPlan';
import {
  checkRegistryAcrossFiles,
  HUB_FILE,
  parseRegistry,
  RegistryFile,
  spokeFile,
} from './registry';
import { RegistryValidationError } from './RegistryValidationError';
import {
  EnvironmentClass,
  hubConfigSchema,
  Registry,
  spokeConfigSchema,
} from './schema';

const hubYaml = `name: shared
account: "111122223333"
region: ap-southeast-3
owner: group:default/platform-team
network: { cidr: 10.0.0.0/16, availabilityZones: [ap-southeast-3a, ap-southeast-3b] }
github: { org: piksel-ina, repositories: [piksel-infra] }
dns:
  publicZones: [piksel.big.go.id, app.piksel.big.go.id]
  privateZones: [piksel.internal, dev.piksel.internal, staging.piksel.internal, prod.piksel.internal]
ecr: { repositories: [piksel/odc, piksel/jupyter] }
portal: { roleName: platform-portal-readonly, externalIdName: platform-portal-external-id }
addressPlan:
  pools:
    - { name: main, description: Most of 10.0.0.0/8, cidrs: [10.0.0.0/9, 10.128.0.0/10] }
    - { name: extra, description: All of 172.16.0.0/12, cidrs: [172.16.0.0/12] }
  defaults:
    non-prod: { size: 20 }
    prod: { size: 18, pool: main }
deployed:
  transitGatewayId: tgw-0123456789abcdef0
  routeTableIds: { non-prod: tgw-rtb-0a1b2c3d4e5f60001, prod: tgw-rtb-0a1b2c3d4e5f60002 }
  resolverInboundIps: [10.0.0.10, 10.0.16.10]
  privateZoneIds: { piksel.internal: Z0123456789PIKSELINT }
  ipamPoolIds: { main: ipam-pool-0123456789abcdef0, extra: ipam-pool-0fedcba9876543210 }
`;

function spokeYaml(o: {
  name: string;
  cls: 'non-prod' | 'prod';
  account: string;
  owner: string;
  octet: number;
  azs: number;
}): string {
  const zones = ['a', 'b', 'c'].slice(0, o.azs).map(z => `ap-southeast-3${z}`);
  return `name: ${o.name}
environmentClass: ${o.cls}
account: "${o.account}"
region: ap-southeast-3
owner: group:default/${o.owner}
network:
  cidr: 10.${o.octet}.0.0/16
  azCount: ${o.azs}
  availabilityZones: [${zones.join(', ')}]
  natGateways: ${o.azs === 3 ? 'perAz' : 'single'}
dns: { privateZones: [piksel.internal, ${o.name}.piksel.internal] }
eks:
  version: "1.35"
  nodeGroup: { instanceTypes: [m6i.large], desiredSize: 2, minSize: 2, maxSize: 4 }
aurora:
  engineVersion: 8.0.mysql_aurora.3.08.0
  instanceClass: db.r6g.large
  readers: 1
  deletionProtection: ${o.cls === 'prod'}
`;
}

const spokeYamls = {
  dev: spokeYaml({
    name: 'dev',
    cls: 'non-prod',
    account: '222233334444',
    owner: 'platform-team',
    octet: 1,
    azs: 2,
  }),
  staging: spokeYaml({
    name: 'staging',
    cls: 'non-prod',
    account: '333344445555',
    owner: 'storefront-team',
    octet: 2,
    azs: 2,
  }),
  prod: spokeYaml({
    name: 'prod',
    cls: 'prod',
    account: '444455556666',
    owner: 'payments-team',
    octet: 3,
    azs: 3,
  }),
};

/**
 * A valid in-memory registry (hub + dev, staging, prod) for other packages'
 * tests. Built from strings, never the file system, so it works in the browser.
 */
export const fixtures = {
  hubYaml,
  spokeYaml: spokeYamls,
  /** Fresh copies of the registry files, relative to the config dir. */
  files(): RegistryFile[] {
    return [
      { path: 'hub.yaml', content: hubYaml },
      ...Object.entries(spokeYamls).map(([name, content]) => ({
        path: `spokes/${name}.yaml`,
        content,
      })),
    ];
  },
  /** A freshly parsed registry; mutate it freely. */
  registry(): Registry {
    return parseRegistry(fixtures.files());
  },
};

/** Options of {@link buildLargeRegistryFiles}. */
export interface LargeRegistryOptions {
  /** Pool of the spoke at index i; default: every fifth spoke in `extra`, the rest in `main`. */
  poolOf?: (index: number) => string;
  /** VPC prefix length of the spoke at index i; default: a mix of /16 to /20, `extra` all /20. */
  sizeOf?: (index: number, pool: string) => number;
}

/** Sizes in the default mix: mostly small spokes, some large, like a real estate. */
const SIZE_MIX = [
  20, 20, 19, 18, 20, 19, 20, 17, 20, 20, 20, 20, 19, 18, 20, 19, 20, 16, 20,
  20,
];

function largeSpoke(
  index: number,
  cidr: string,
  pool: string,
  cls: EnvironmentClass,
): Record<string, unknown> {
  const azs = index % 3 === 2 ? 3 : 2;
  return {
    name: largeSpokeName(index),
    environmentClass: cls,
    account: String(500000000000 + index),
    region: 'ap-southeast-3',
    owner: 'group:default/platform-team',
    network: {
      cidr,
      azCount: azs,
      availabilityZones: ['a', 'b', 'c']
        .slice(0, azs)
        .map(z => `ap-southeast-3${z}`),
      natGateways: azs === 3 ? 'perAz' : 'single',
      pool,
    },
    dns: { privateZones: ['piksel.internal'] },
    eks: {
      version: '1.33',
      nodeGroup: {
        instanceTypes: ['m6i.large'],
        desiredSize: 2,
        minSize: 2,
        maxSize: 4,
      },
    },
    aurora: {
      engineVersion: '8.0.mysql_aurora.3.08.0',
      instanceClass: 'db.r6g.large',
      readers: index % 4 === 0 ? 0 : 1,
      deletionProtection: cls === 'prod',
    },
  };
}

/** `spoke-0001`, `spoke-0002`, ... */
export function largeSpokeName(index: number): string {
  return `spoke-${String(index + 1).padStart(4, '0')}`;
}

function largeSpokes(
  count: number,
  options: LargeRegistryOptions,
): Record<string, unknown>[] {
  const hub = hubConfigSchema.parse(parseYaml(hubYaml));
  const poolOf = options.poolOf ?? (i => (i % 5 === 4 ? 'extra' : 'main'));
  const sizeOf =
    options.sizeOf ??
    ((i, pool) => (pool === 'extra' ? 20 : SIZE_MIX[i % SIZE_MIX.length]));
  const planner = new SpokeCidrPlanner({ hub, spokes: [] });
  const spokes: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const pool = poolOf(i);
    const cls: EnvironmentClass = i % 5 === 0 ? 'prod' : 'non-prod';
    const { cidr } = planner.propose({
      pool,
      size: sizeOf(i, pool),
      environmentClass: cls,
    });
    planner.take(cidr);
    spokes.push(largeSpoke(i, cidr, pool, cls));
  }
  return spokes;
}

/**
 * The files of a valid registry with `count` generated spokes (`spoke-0001`, ...)
 * besides the fixture hub: mixed VPC sizes over the hub's two pools, each block
 * chosen by the planner, 2 and 3 AZs, every fifth spoke prod. For benchmarks and
 * scale tests: write them to a dir and point `PLATFORM_REGISTRY_DIR` at it.
 */
export function buildLargeRegistryFiles(
  count: number,
  options: LargeRegistryOptions = {},
): RegistryFile[] {
  return [
    { path: HUB_FILE, content: hubYaml },
    ...largeSpokes(count, options).map(spoke => ({
      path: spokeFile(spoke.name as string),
      content: stringifyYaml(spoke),
    })),
  ];
}

/**
 * {@link buildLargeRegistryFiles} as a checked registry, without the YAML round
 * trip (a thousand spokes parse in well under a second this way).
 *
 * @throws RegistryValidationError if the generated registry broke a rule.
 */
export function buildLargeRegistry(
  count: number,
  options: LargeRegistryOptions = {},
): Registry {
  const hub = {
    file: HUB_FILE,
    config: hubConfigSchema.parse(parseYaml(hubYaml)),
  };
  const spokes = largeSpokes(count, options).map(raw => ({
    file: spokeFile(raw.name as string),
    config: spokeConfigSchema.parse(raw),
  }));
  const issues = checkRegistryAcrossFiles(hub, spokes);
  if (issues.length > 0) throw new RegistryValidationError(issues);
  return { hub: hub.config, spokes: spokes.map(s => s.config) };
}
