import { fixtures } from '@internal/plugin-platform-common';
import { seedFromRegistry, seedNames } from './seed';

describe('seedFromRegistry', () => {
  const registry = fixtures.registry();
  const data = seedFromRegistry(registry, new Date('2026-11-01T00:00:00Z'));
  const hub = data.regions[`${registry.hub.account}/${registry.hub.region}`];

  it('makes plain credentials act in the hub account', () => {
    expect(data.defaultAccount).toBe(registry.hub.account);
  });

  it('gives every spoke an ACTIVE cluster, its node group and the standard add-ons', () => {
    for (const s of registry.spokes) {
      const region = data.regions[`${s.account}/${s.region}`];
      expect(region.eks.clusters).toEqual([
        expect.objectContaining({
          name: seedNames.eksCluster(s.name),
          status: 'ACTIVE',
          version: s.eks.version,
        }),
      ]);
      expect(region.eks.nodegroups[0].scalingConfig).toEqual({
        minSize: s.eks.nodeGroup.minSize,
        maxSize: s.eks.nodeGroup.maxSize,
        desiredSize: s.eks.nodeGroup.desiredSize,
      });
      expect(region.eks.addons.map(a => a.addonName)).toContain('vpc-cni');
    }
  });

  it('gives every spoke an Aurora cluster with a writer, the registry readers and a rotating secret', () => {
    for (const s of registry.spokes) {
      const region = data.regions[`${s.account}/${s.region}`];
      const [cluster] = region.rds.clusters;
      expect(
        cluster.DBClusterMembers.filter(m => m.IsClusterWriter),
      ).toHaveLength(1);
      expect(cluster.DBClusterMembers).toHaveLength(1 + s.aurora.readers);
      expect(region.rds.instances).toHaveLength(1 + s.aurora.readers);
      expect(cluster.DeletionProtection).toBe(s.aurora.deletionProtection);
      const [secret] = region.secretsManager.secrets;
      expect(secret.ARN).toBe(
        (cluster.MasterUserSecret as { SecretArn: string }).SecretArn,
      );
      expect(secret.RotationEnabled).toBe(true);
    }
  });

  it('puts the TGW, a route table per class and an associated attachment with a route per spoke in the hub', () => {
    expect(hub.ec2.transitGateways[0].TransitGatewayId).toBe(
      registry.hub.deployed!.transitGatewayId,
    );
    for (const s of registry.spokes) {
      const table = hub.ec2.routeTables.find(
        t =>
          t.TransitGatewayRouteTableId ===
          registry.hub.deployed!.routeTableIds[s.environmentClass],
      )!;
      const attachment = hub.ec2.attachments.find(
        a => a.ResourceOwnerId === s.account,
      )!;
      expect(attachment.Association).toEqual({
        TransitGatewayRouteTableId: table.TransitGatewayRouteTableId,
        State: 'associated',
      });
      expect(table.Routes).toContainEqual(
        expect.objectContaining({
          DestinationCidrBlock: s.network.cidr,
          State: 'active',
          TransitGatewayAttachments: [
            expect.objectContaining({
              TransitGatewayAttachmentId: attachment.TransitGatewayAttachmentId,
            }),
          ],
        }),
      );
    }
  });

  it('invents stable TGW ids when the hub is not deployed yet', () => {
    const undeployed = fixtures.registry();
    delete undeployed.hub.deployed;
    const a = seedFromRegistry(undeployed);
    const b = seedFromRegistry(undeployed);
    const tgw = (d: typeof a) =>
      d.regions[`${undeployed.hub.account}/${undeployed.hub.region}`].ec2
        .transitGateways[0].TransitGatewayId;
    expect(tgw(a)).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(tgw(a)).toBe(tgw(b));
  });

  it('uses the ids a deployed spoke records in the registry', () => {
    const deployed = fixtures.registry();
    deployed.spokes[0].deployed = {
      vpcId: 'vpc-0aaaaaaaaaaaaaaaa',
      transitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbbb',
    };
    const seeded = seedFromRegistry(deployed);
    const hubState =
      seeded.regions[`${deployed.hub.account}/${deployed.hub.region}`];
    expect(
      hubState.ec2.attachments.find(
        a => a.ResourceOwnerId === deployed.spokes[0].account,
      ),
    ).toMatchObject({
      TransitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbbb',
      ResourceId: 'vpc-0aaaaaaaaaaaaaaaa',
    });
  });

  it('names the EKS cluster after the spoke, as the infra app does', () => {
    const dev = registry.spokes.find(s => s.name === 'dev')!;
    expect(
      data.regions[`${dev.account}/${dev.region}`].eks.clusters[0].name,
    ).toBe('dev');
  });
});
