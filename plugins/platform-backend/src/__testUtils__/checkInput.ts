import {
  findKubernetesVersion,
  fixtures,
  SPOKE_EKS_ADDONS,
  SPOKE_EKS_CAPABILITIES,
  spokeResourceNames,
} from '@internal/plugin-platform-common';
import type {
  TransitGatewayAttachment,
  TransitGatewayRoute,
} from '@aws-sdk/client-ec2';
import { CallFailure, CheckInput, failed, observed } from '../lib/observations';

export const NOW = new Date('2026-03-01T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** The add-ons every spoke runs (platform-common's list). */
export const STANDARD_ADDONS = SPOKE_EKS_ADDONS.map(a => a.name);

/** The attachment id of a fixture spoke. */
export const attachmentId = (spoke: string) => `tgw-attach-${spoke}0000000000`;

/** The hub VPC's attachment and the table it is associated with. */
export const HUB_ATTACHMENT_ID = 'tgw-attach-hub0000000000';
export const HUB_TABLE_ID = 'tgw-rtb-0a1b2c3d4e5f60000';

const routeTo = (
  cidr: string,
  attachment: string,
  type: 'static' | 'propagated' = 'static',
): TransitGatewayRoute => ({
  DestinationCidrBlock: cidr,
  Type: type,
  State: 'active',
  TransitGatewayAttachments: [
    {
      TransitGatewayAttachmentId: attachment,
      ResourceId: `vpc-${attachment.slice('tgw-attach-'.length, -10)}`,
      ResourceType: 'vpc',
    },
  ],
});

/**
 * A healthy spoke as the collectors would observe it: the fixture registry's
 * `staging` (one reader) by default, with everything ACTIVE/available and
 * matching the registry. Tests change one thing and check the verdict.
 */
export function healthyInput(spokeName = 'staging'): CheckInput {
  const registry = fixtures.registry();
  const spoke = registry.spokes.find(s => s.name === spokeName)!;
  const { hub } = registry;
  const names = spokeResourceNames(spoke.name);
  const rtb = hub.deployed!.routeTableIds[spoke.environmentClass];
  const otherClass = spoke.environmentClass === 'prod' ? 'non-prod' : 'prod';
  const spokeRoutes = (cls?: string) =>
    registry.spokes
      .filter(s => !cls || s.environmentClass === cls)
      .map(s => routeTo(s.network.cidr, attachmentId(s.name)));
  const clusterArn = `arn:aws:rds:${spoke.region}:${spoke.account}:cluster:${names.dbClusterIdentifier}`;
  const calendar = findKubernetesVersion(spoke.eks.version)!;
  const instanceIds = [
    `${names.dbClusterIdentifier}-writer`,
    ...Array.from(
      { length: spoke.aurora.readers },
      (_, i) => `${names.dbClusterIdentifier}-reader-${i + 1}`,
    ),
  ];
  return {
    now: NOW,
    spoke: {
      name: spoke.name,
      entityRef: `system:default/${spoke.name}`,
      accountId: spoke.account,
      region: spoke.region,
      environmentClass: spoke.environmentClass,
      eksClusterName: names.eksClusterName,
      dbClusterIdentifier: names.dbClusterIdentifier,
      tgwAttachmentId: attachmentId(spoke.name),
      vpcCidr: spoke.network.cidr,
      problems: [],
    },
    hub: {
      name: hub.name,
      entityRef: `system:default/${hub.name}`,
      accountId: hub.account,
      region: hub.region,
      transitGatewayId: hub.deployed!.transitGatewayId,
    },
    registry: { ok: true, hub, spoke },
    observations: {
      eks: {
        cluster: observed({
          name: names.eksClusterName,
          status: 'ACTIVE',
          version: spoke.eks.version,
          platformVersion: 'eks.10',
          health: { issues: [] },
        }),
        versions: observed([
          {
            clusterVersion: spoke.eks.version,
            versionStatus: 'STANDARD_SUPPORT',
            endOfStandardSupportDate: new Date(
              `${calendar.endOfStandardSupport}T00:00:00Z`,
            ),
            endOfExtendedSupportDate: new Date(
              `${calendar.endOfExtendedSupport}T00:00:00Z`,
            ),
          },
        ]),
        nodegroups: observed([
          {
            name: 'system',
            nodegroup: observed({
              nodegroupName: 'system',
              status: 'ACTIVE',
              instanceTypes: [...spoke.eks.nodeGroup.instanceTypes],
              scalingConfig: {
                minSize: spoke.eks.nodeGroup.minSize,
                maxSize: spoke.eks.nodeGroup.maxSize,
                desiredSize: spoke.eks.nodeGroup.desiredSize,
              },
              health: { issues: [] },
            }),
          },
        ]),
        addons: observed(
          STANDARD_ADDONS.map(name => ({
            name,
            addon: observed({
              addonName: name,
              status: 'ACTIVE',
              addonVersion: 'v1.0.0-eksbuild.1',
              health: { issues: [] },
            }),
          })),
        ),
        insights: observed([
          {
            id: 'insight-deprecated-apis',
            name: 'Deprecated APIs removed in the next Kubernetes version',
            category: 'UPGRADE_READINESS',
            insightStatus: { status: 'PASSING', reason: 'No issues found.' },
          },
          {
            id: 'insight-kubelet-skew',
            name: 'Kubelet version skew',
            category: 'UPGRADE_READINESS',
            insightStatus: { status: 'PASSING', reason: 'No issues found.' },
          },
        ]),
        addonVersions: observed(
          STANDARD_ADDONS.map(addonName => ({
            addonName,
            addonVersions: [
              {
                addonVersion: 'v1.0.0-eksbuild.1',
                compatibilities: [
                  { clusterVersion: spoke.eks.version, defaultVersion: true },
                ],
              },
            ],
          })),
        ),
        capabilities: observed(
          SPOKE_EKS_CAPABILITIES.map(({ name, type }) => ({
            name,
            capability: observed({
              capabilityName: name,
              type,
              status: 'ACTIVE',
              version: 'v3.1.8-eks-1',
              configuration: { argoCd: { namespace: 'argocd' } },
              health: { issues: [] },
            }),
          })),
        ),
      },
      tgw: {
        gateway: observed({
          TransitGatewayId: hub.deployed!.transitGatewayId,
          State: 'available',
        }),
        attachments: observed<TransitGatewayAttachment[]>([
          {
            TransitGatewayAttachmentId: HUB_ATTACHMENT_ID,
            TransitGatewayId: hub.deployed!.transitGatewayId,
            ResourceOwnerId: hub.account,
            ResourceType: 'vpc',
            ResourceId: 'vpc-hub',
            State: 'available',
            Association: {
              TransitGatewayRouteTableId: HUB_TABLE_ID,
              State: 'associated',
            },
          },
          ...registry.spokes.map(
            (s): TransitGatewayAttachment => ({
              TransitGatewayAttachmentId: attachmentId(s.name),
              TransitGatewayId: hub.deployed!.transitGatewayId,
              ResourceOwnerId: s.account,
              ResourceType: 'vpc',
              ResourceId: `vpc-${s.name}`,
              State: 'available',
              Association: {
                TransitGatewayRouteTableId:
                  hub.deployed!.routeTableIds[s.environmentClass],
                State: 'associated',
              },
            }),
          ),
        ]),
        routeTableId: observed(rtb),
        routes: observed([
          routeTo(hub.network.cidr, HUB_ATTACHMENT_ID, 'propagated'),
          ...spokeRoutes(spoke.environmentClass),
        ]),
        hubTable: observed({
          routeTableId: HUB_TABLE_ID,
          routes: spokeRoutes(),
        }),
        otherClassTable: observed({
          routeTableId: hub.deployed!.routeTableIds[otherClass],
          environmentClass: otherClass,
          routes: [
            routeTo(hub.network.cidr, HUB_ATTACHMENT_ID, 'propagated'),
            ...spokeRoutes(otherClass),
          ],
        }),
      },
      aurora: {
        clusters: observed([
          {
            DBClusterIdentifier: names.dbClusterIdentifier,
            DBClusterArn: clusterArn,
            Status: 'available',
            Engine: 'aurora-mysql',
            EngineVersion: spoke.aurora.engineVersion,
            DBClusterMembers: instanceIds.map((id, i) => ({
              DBInstanceIdentifier: id,
              IsClusterWriter: i === 0,
            })),
            StorageEncrypted: true,
            IAMDatabaseAuthenticationEnabled: true,
            DeletionProtection: spoke.aurora.deletionProtection,
            BackupRetentionPeriod: 7,
            LatestRestorableTime: new Date(NOW.getTime() - 5 * 60_000),
            EarliestRestorableTime: new Date(NOW.getTime() - 7 * DAY),
            MasterUserSecret: {
              SecretArn: `arn:aws:secretsmanager:${spoke.region}:${spoke.account}:secret:rds!cluster-1-AbCdEf`,
              SecretStatus: 'active',
            },
          },
        ]),
        instances: observed(
          instanceIds.map(id => ({
            DBInstanceIdentifier: id,
            DBInstanceArn: `arn:aws:rds:${spoke.region}:${spoke.account}:db:${id}`,
            DBClusterIdentifier: names.dbClusterIdentifier,
            DBInstanceClass: spoke.aurora.instanceClass,
            DBInstanceStatus: 'available',
            CACertificateIdentifier: 'rds-ca-rsa2048-g1',
            CertificateDetails: {
              CAIdentifier: 'rds-ca-rsa2048-g1',
              ValidTill: new Date(NOW.getTime() + 365 * DAY),
            },
          })),
        ),
        pendingMaintenance: observed([]),
        engineSupport: observed({
          Engine: 'aurora-mysql',
          MajorEngineVersion: '8.0',
          SupportedEngineLifecycles: [
            {
              LifecycleSupportName: 'open-source-rds-standard-support',
              LifecycleSupportStartDate: new Date('2021-11-18T00:00:00Z'),
              LifecycleSupportEndDate: new Date('2028-04-30T00:00:00Z'),
            },
            {
              LifecycleSupportName: 'open-source-rds-extended-support',
              LifecycleSupportStartDate: new Date('2028-04-30T00:00:00Z'),
              LifecycleSupportEndDate: new Date('2029-04-30T00:00:00Z'),
            },
          ],
        }),
        secret: observed({
          RotationEnabled: true,
          LastRotatedDate: new Date(NOW.getTime() - 2 * DAY),
          NextRotationDate: new Date(NOW.getTime() + 5 * DAY),
        }),
        replicaLag: observed({
          minutes: 5,
          lags: instanceIds
            .slice(1)
            .map(instanceId => ({ instanceId, maxMs: 22, datapoints: 5 })),
        }),
      },
    },
  };
}

/** A failed call as the collectors report it. */
export function failure(
  over: Partial<CallFailure> = {},
): ReturnType<typeof failed<never>> {
  const f: CallFailure = {
    kind: 'access-denied',
    operation: 'eks:DescribeCluster',
    accountId: '333344445555',
    region: 'ap-southeast-3',
    code: 'AccessDeniedException',
    message: 'User is not authorized',
    reason:
      'eks:DescribeCluster in account 333344445555 (ap-southeast-3) was denied: AccessDeniedException: User is not authorized',
    ...over,
  };
  return failed(f);
}
