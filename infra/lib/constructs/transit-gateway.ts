import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct } from 'constructs';
import { AwsCall } from './aws-call';
import { pascal } from './names';

/** Environment classes; each has its own Transit Gateway route table. */
export type EnvironmentClass = 'prod' | 'non-prod';

/** The environment classes, in the order their route tables are created. */
export const ENVIRONMENT_CLASSES: readonly EnvironmentClass[] = [
  'non-prod',
  'prod',
];

/** What the hub needs to know about one spoke to route it. */
export interface TransitGatewaySpoke {
  /** The spoke's name (registry file name). */
  readonly name: string;
  /** The spoke's account id, added to the RAM share. */
  readonly account: string;
  /** Picks the route table the spoke's attachment is associated with. */
  readonly environmentClass: EnvironmentClass;
  /** The spoke VPC's primary CIDR: the only spoke range the Transit Gateway routes. */
  readonly cidr: string;
  /**
   * The spoke's VPC attachment id, once the spoke stack has created it. With it the
   * hub accepts the attachment, associates it and adds its static routes.
   * @default - the spoke is shared the gateway but not yet routed
   */
  readonly attachmentId?: string;
}

/** Properties for {@link TransitGatewayHub}. */
export interface TransitGatewayHubProps {
  /** The hub VPC, attached to the gateway. */
  readonly vpc: ec2.IVpc;
  /** Every spoke in the registry. */
  readonly spokes: TransitGatewaySpoke[];
  /**
   * The gateway's private ASN.
   * @default 64512
   */
  readonly amazonSideAsn?: number;
}

/**
 * The hub's Transit Gateway with default association and propagation turned off,
 * a route table for the hub and one per environment class, the RAM share with the
 * spoke accounts, and per spoke: acceptance, association and static routes.
 *
 * Spoke routes are static and name only the spoke's primary CIDR: propagation would
 * also advertise the spoke's secondary pod CIDR (100.64.0.0/16), which every spoke
 * repeats.
 */
export class TransitGatewayHub extends Construct {
  readonly transitGateway: ec2.CfnTransitGateway;
  readonly hubRouteTable: ec2.CfnTransitGatewayRouteTable;
  readonly classRouteTables: Record<
    EnvironmentClass,
    ec2.CfnTransitGatewayRouteTable
  >;
  readonly hubAttachment: ec2.CfnTransitGatewayAttachment;
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: TransitGatewayHubProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.transitGateway = new ec2.CfnTransitGateway(this, 'Gateway', {
      description: 'Platform hub Transit Gateway',
      amazonSideAsn: props.amazonSideAsn ?? 64512,
      autoAcceptSharedAttachments: 'disable',
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      tags: [{ key: 'Name', value: 'platform-hub' }],
    });
    const transitGatewayId = this.transitGateway.ref;

    const routeTable = (name: string) => {
      const table = new ec2.CfnTransitGatewayRouteTable(
        this,
        `${pascal(name)}RouteTable`,
        { transitGatewayId },
      );
      Tags.of(table).add('Name', `platform-${name}`);
      return table;
    };
    this.hubRouteTable = routeTable('hub');
    this.classRouteTables = {
      'non-prod': routeTable('non-prod'),
      prod: routeTable('prod'),
    };

    // The hub VPC: associated with the hub table, propagated into each class table
    // so every spoke can reach shared services but no class learns another's routes.
    const hubSubnets = props.vpc.selectSubnets({
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      onePerAz: true,
    });
    this.hubAttachment = new ec2.CfnTransitGatewayAttachment(
      this,
      'HubAttachment',
      {
        transitGatewayId,
        vpcId: props.vpc.vpcId,
        subnetIds: hubSubnets.subnetIds,
        tags: [{ key: 'Name', value: 'platform-hub' }],
      },
    );
    new ec2.CfnTransitGatewayRouteTableAssociation(this, 'HubAssociation', {
      transitGatewayAttachmentId: this.hubAttachment.attrId,
      transitGatewayRouteTableId: this.hubRouteTable.ref,
    });
    for (const cls of ENVIRONMENT_CLASSES) {
      new ec2.CfnTransitGatewayRouteTablePropagation(
        this,
        `HubPropagation${pascal(cls)}`,
        {
          transitGatewayAttachmentId: this.hubAttachment.attrId,
          transitGatewayRouteTableId: this.classRouteTables[cls].ref,
        },
      );
    }

    // Hub subnets reach every spoke's primary CIDR through the gateway.
    hubSubnets.subnets.forEach((subnet, i) => {
      for (const spoke of props.spokes) {
        const route = new ec2.CfnRoute(
          this,
          `HubRoute${i}${pascal(spoke.name)}`,
          {
            routeTableId: subnet.routeTable.routeTableId,
            destinationCidrBlock: spoke.cidr,
            transitGatewayId,
          },
        );
        route.node.addDependency(this.hubAttachment);
      }
    });

    const accounts = [...new Set(props.spokes.map(s => s.account))].sort();
    this.share = new ram.CfnResourceShare(this, 'Share', {
      name: 'platform-transit-gateway',
      allowExternalPrincipals: true,
      resourceArns: [
        stack.formatArn({
          service: 'ec2',
          resource: 'transit-gateway',
          resourceName: transitGatewayId,
        }),
      ],
      principals: accounts,
    });

    for (const spoke of props.spokes) {
      if (spoke.attachmentId) this.routeSpoke(spoke);
    }
  }

  /** Accepts, associates and routes one spoke's attachment. */
  private routeSpoke(spoke: TransitGatewaySpoke) {
    const attachmentId = spoke.attachmentId!;
    const id = pascal(spoke.name);
    const stack = Stack.of(this);
    // Scoped acceptance: only attachment ids written in the registry are accepted.
    const accept = new AwsCall(this, `Accept${id}`, {
      onCreate: {
        service: 'EC2',
        action: 'acceptTransitGatewayVpcAttachment',
        parameters: { TransitGatewayAttachmentId: attachmentId },
        physicalResourceId: { id: attachmentId },
        // Already accepted (a re-run, or accepted by hand) is fine.
        ignoreErrorCodesMatching: 'IncorrectState',
      },
      statements: [
        new iam.PolicyStatement({
          actions: ['ec2:AcceptTransitGatewayVpcAttachment'],
          resources: [
            stack.formatArn({
              service: 'ec2',
              resource: 'transit-gateway-attachment',
              resourceName: attachmentId,
            }),
          ],
        }),
      ],
    });
    const association = new ec2.CfnTransitGatewayRouteTableAssociation(
      this,
      `Association${id}`,
      {
        transitGatewayAttachmentId: attachmentId,
        transitGatewayRouteTableId:
          this.classRouteTables[spoke.environmentClass].ref,
      },
    );
    association.node.addDependency(accept);
    // The spoke's primary CIDR, in the hub table and in its own class's table only.
    const tables: Array<[string, ec2.CfnTransitGatewayRouteTable]> = [
      ['Hub', this.hubRouteTable],
      [
        pascal(spoke.environmentClass),
        this.classRouteTables[spoke.environmentClass],
      ],
    ];
    for (const [tableName, table] of tables) {
      const route = new ec2.CfnTransitGatewayRoute(
        this,
        `Route${id}In${tableName}`,
        {
          transitGatewayRouteTableId: table.ref,
          destinationCidrBlock: spoke.cidr,
          transitGatewayAttachmentId: attachmentId,
        },
      );
      route.node.addDependency(accept);
    }
  }
}
