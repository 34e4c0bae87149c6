import { parseRegistry, RegistryFile } from './registry';
import { Registry } from './schema';

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
deployed:
  transitGatewayId: tgw-0123456789abcdef0
  routeTableIds: { non-prod: tgw-rtb-0a1b2c3d4e5f60001, prod: tgw-rtb-0a1b2c3d4e5f60002 }
  resolverInboundIps: [10.0.0.10, 10.0.16.10]
  privateZoneIds: { piksel.internal: Z0123456789PIKSELINT }
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
  version: "1.33"
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
