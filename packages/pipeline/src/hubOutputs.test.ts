import * as fs from 'fs';
import * as path from 'path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  Output,
} from '@aws-sdk/client-cloudformation';
import { hubConfigSchema } from '@internal/plugin-platform-common';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import {
  describeDeployedChange,
  hubDeployedFromOutputs,
  readStackOutputs,
  recordHubDeployed,
} from './hubOutputs';

// The platform's own hub.yaml, comments and all: what the pipeline rewrites.
const hubYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../infra/config/hub.yaml'),
  'utf8',
);
const hub = hubConfigSchema.parse(parse(hubYaml));

/** The hub stack's outputs as DescribeStacks returns them after a deploy. */
function outputsOf(ids: {
  tgw: string;
  nonProd: string;
  prod: string;
  zone: (name: string) => string;
  pool: (name: string) => string;
}): Output[] {
  return [
    { OutputKey: 'TransitGatewayId', OutputValue: ids.tgw },
    { OutputKey: 'NonProdRouteTableId', OutputValue: ids.nonProd },
    { OutputKey: 'ProdRouteTableId', OutputValue: ids.prod },
    { OutputKey: 'ResolverInboundEndpointId', OutputValue: 'rslvr-in-0123' },
    { OutputKey: 'PortalRoleArn', OutputValue: 'arn:aws:iam::1:role/x' },
    ...hub.dns.privateZones.map((zone, i) => ({
      OutputKey: `PrivateZone${i + 1}`,
      Description: zone,
      OutputValue: ids.zone(zone),
    })),
    ...(hub.addressPlan?.pools ?? []).map(pool => ({
      OutputKey: `IpamPool${pool.name[0].toUpperCase()}${pool.name.slice(1)}Id`,
      Description: `hub.yaml deployed.ipamPoolIds.${pool.name}`,
      OutputValue: ids.pool(pool.name),
    })),
  ];
}

const redeployed = outputsOf({
  tgw: 'tgw-0fedcba9876543210',
  nonProd: 'tgw-rtb-0ffff00000000aaaa',
  prod: hub.deployed!.routeTableIds.prod,
  zone: zone => hub.deployed!.privateZoneIds[zone],
  pool: name =>
    name === 'extra'
      ? 'ipam-pool-0ffff0000000000aa'
      : hub.deployed!.ipamPoolIds![name],
});

describe('hub.yaml deployed from the hub stack outputs', () => {
  it('maps every output the spokes need, zones and pools by their description', () => {
    const deployed = hubDeployedFromOutputs(redeployed, hub);
    expect(deployed).toEqual({
      transitGatewayId: 'tgw-0fedcba9876543210',
      routeTableIds: {
        'non-prod': 'tgw-rtb-0ffff00000000aaaa',
        prod: hub.deployed!.routeTableIds.prod,
      },
      resolverInboundIps: hub.deployed!.resolverInboundIps,
      privateZoneIds: hub.deployed!.privateZoneIds,
      ipamPoolIds: {
        main: hub.deployed!.ipamPoolIds!.main,
        extra: 'ipam-pool-0ffff0000000000aa',
      },
    });
  });

  it('names every missing output instead of recording half the ids', () => {
    const partial = redeployed.filter(
      o =>
        o.OutputKey !== 'ProdRouteTableId' &&
        o.Description !== 'staging.piksel.internal',
    );
    expect(() => hubDeployedFromOutputs(partial, hub)).toThrow(
      "platform-hub lacks the outputs hub.yaml deployed needs: PrivateZone<n> described 'staging.piksel.internal', ProdRouteTableId",
    );
  });
});

describe('recording them in hub.yaml', () => {
  it('changes only the ids that changed and keeps every comment', () => {
    const deployed = hubDeployedFromOutputs(redeployed, hub);
    const { text, changed } = recordHubDeployed(hubYaml, deployed);
    expect(changed).toBe(true);
    const before = hubYaml.split('\n');
    const after = text.split('\n');
    expect(after).toHaveLength(before.length);
    const differing = after.filter((line, i) => line !== before[i]);
    expect(differing).toEqual([
      '  transitGatewayId: tgw-0fedcba9876543210',
      '    non-prod: tgw-rtb-0ffff00000000aaaa',
      '    extra: ipam-pool-0ffff0000000000aa',
    ]);
    expect(hubConfigSchema.parse(parse(text)).deployed).toEqual(deployed);
  });

  it('leaves the file as it is when it already records the outputs', () => {
    const { text, changed } = recordHubDeployed(hubYaml, hub.deployed!);
    expect(changed).toBe(false);
    expect(text).toBe(hubYaml);
  });

  it('adds the block, with a comment saying who keeps it, to a hub never deployed', () => {
    const { deployed: _, ...fresh } = parse(hubYaml);
    const withoutDeployed = hubYaml.slice(
      0,
      hubYaml.indexOf('# Outputs of the hub stack'),
    );
    expect(parse(withoutDeployed)).toEqual(fresh);
    const { text, changed } = recordHubDeployed(
      withoutDeployed,
      hubDeployedFromOutputs(redeployed, hub),
    );
    expect(changed).toBe(true);
    expect(text.startsWith(withoutDeployed)).toBe(true);
    expect(text).toContain('recorded by the pipeline after each hub deploy');
    expect(parse(text).deployed.transitGatewayId).toBe('tgw-0fedcba9876543210');
  });

  it('removes a zone the hub no longer has', () => {
    const deployed = hubDeployedFromOutputs(redeployed, hub);
    const { ['prod.piksel.internal']: _, ...zones } = deployed.privateZoneIds;
    const { text } = recordHubDeployed(hubYaml, {
      ...deployed,
      privateZoneIds: zones,
    });
    expect(Object.keys(parse(text).deployed.privateZoneIds)).toEqual(
      Object.keys(zones),
    );
  });

  it('refuses to write an id that is not one, naming the field', () => {
    const deployed = hubDeployedFromOutputs(redeployed, hub);
    expect(() =>
      recordHubDeployed(hubYaml, {
        ...deployed,
        transitGatewayId: 'not-a-tgw',
      }),
    ).toThrow(
      'the recorded hub.yaml would be invalid: deployed.transitGatewayId: must be a transit gateway id (tgw-...)',
    );
  });

  it('describes the change for the pull request body', () => {
    expect(
      describeDeployedChange(
        hub.deployed,
        hubDeployedFromOutputs(redeployed, hub),
      ),
    ).toEqual([
      '`deployed.ipamPoolIds.extra`: `ipam-pool-0a1b2c3d4e5f60002` → `ipam-pool-0ffff0000000000aa`',
      '`deployed.routeTableIds.non-prod`: `tgw-rtb-0a1b2c3d4e5f60001` → `tgw-rtb-0ffff00000000aaaa`',
      '`deployed.transitGatewayId`: `tgw-0123456789abcdef0` → `tgw-0fedcba9876543210`',
    ]);
    expect(
      describeDeployedChange(
        undefined,
        hubDeployedFromOutputs(redeployed, hub),
      )[0],
    ).toBe('`deployed.ipamPoolIds.extra`: `ipam-pool-0ffff0000000000aa` (new)');
  });
});

describe('reading the hub stack', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  afterEach(() => cloudFormation.reset());

  it('returns the outputs of a completed deploy', async () => {
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'platform-hub' })
      .resolves({
        Stacks: [
          {
            StackName: 'platform-hub',
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(),
            Outputs: redeployed,
          },
        ],
      });
    await expect(
      readStackOutputs(new CloudFormationClient({})),
    ).resolves.toEqual(redeployed);
  });

  it.each([
    'UPDATE_ROLLBACK_COMPLETE',
    'CREATE_IN_PROGRESS',
    'DELETE_COMPLETE',
  ])('refuses a stack that is %s', async status => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'platform-hub',
          StackStatus: status as never,
          CreationTime: new Date(),
          Outputs: redeployed,
        },
      ],
    });
    await expect(
      readStackOutputs(new CloudFormationClient({})),
    ).rejects.toThrow(
      `platform-hub is ${status}: its outputs are recorded only from a completed create or update`,
    );
  });
});
