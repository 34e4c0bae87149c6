import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { SubnetPlan } from '@internal/plugin-platform-common';

/** The subnet groups of a spoke VPC, named as `SubnetPlan` names them. */
export type PlannedSubnetGroup = 'private' | 'public' | 'database';

/** Options for {@link PlannedIpAddresses}. */
export interface PlannedIpAddressesOptions {
  /**
   * Allocate the VPC's block from this IPAM pool (`CidrBlock` and `Ipv4IpamPoolId`
   * together: IPAM allocates exactly the planned block, or the create fails when
   * another VPC holds it).
   * @default - a plain CIDR block, not allocated from IPAM
   */
  readonly ipv4IpamPoolId?: string;
}

/**
 * `ec2.IIpAddresses` that hands `ec2.Vpc` the registry's block and the subnets of the
 * platform's subnet plan (`planSubnets` of `@internal/plugin-platform-common`), so the
 * synthesized VPC and the portal's planner can never disagree. With an IPAM pool the
 * VPC is also allocated from the pool: CDK must know the block to lay subnets out, so
 * the registry's recorded block is used for the plan and IPAM for the allocation
 * (see docs/adr/0030-address-plan-and-ipam.md).
 */
export class PlannedIpAddresses implements ec2.IIpAddresses {
  constructor(
    private readonly plan: SubnetPlan,
    private readonly options: PlannedIpAddressesOptions = {},
  ) {}

  /** The `subnetConfiguration` entry of each group, in the plan's allocation order. */
  subnetConfiguration(): ec2.SubnetConfiguration[] {
    return [
      {
        name: 'private',
        subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
        cidrMask: this.plan.prefixes.private,
      },
      {
        name: 'public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: this.plan.prefixes.public,
      },
      {
        name: 'database',
        subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
        cidrMask: this.plan.prefixes.database,
      },
    ];
  }

  allocateVpcCidr(): ec2.VpcIpamOptions {
    return {
      cidrBlock: this.plan.vpcCidr,
      ipv4IpamPoolId: this.options.ipv4IpamPoolId,
    };
  }

  allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    const taken: Record<PlannedSubnetGroup, number> = {
      private: 0,
      public: 0,
      database: 0,
    };
    const allocatedSubnets = input.requestedSubnets.map(request => {
      const group = request.configuration.name as PlannedSubnetGroup;
      const cidrs = this.plan[group] as string[] | undefined;
      if (!cidrs) {
        throw new Error(
          `PlannedIpAddresses: subnet group '${request.configuration.name}' is not in the subnet plan (private, public, database)`,
        );
      }
      const cidr = cidrs[taken[group]++];
      if (!cidr) {
        throw new Error(
          `PlannedIpAddresses: the plan of ${this.plan.vpcCidr} has ${cidrs.length} ${group} subnets, the VPC asks for more`,
        );
      }
      return { cidr };
    });
    return { allocatedSubnets };
  }
}
