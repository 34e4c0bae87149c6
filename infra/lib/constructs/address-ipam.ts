import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct } from 'constructs';
import { pascal } from './names';

/** One address pool of the registry. */
export interface AddressIpamPool {
  /** Pool name (`hub.yaml` `addressPlan.pools[].name`). */
  readonly name: string;
  readonly description?: string;
  /** Blocks provisioned into the pool. */
  readonly cidrs: string[];
  /** Prefix length of a VPC when the request names none. */
  readonly defaultNetmaskLength: number;
}

/** A block held in a pool on behalf of something not allocated from it. */
export interface AddressIpamReservation {
  /** Stable key for the construct id, e.g. `hub` or `spoke-dev`. */
  readonly key: string;
  /** The pool holding it. */
  readonly pool: string;
  readonly cidr: string;
  /** Why it is held, e.g. `platform spoke dev`; the pull-request check reads it. */
  readonly description: string;
}

/** Properties for {@link AddressIpam}. */
export interface AddressIpamProps {
  /** The pools, each a top-level pool with locale = the stack's region. */
  readonly pools: AddressIpamPool[];
  /** The smallest and largest VPC a pool hands out (allocation rules). */
  readonly netmaskLength: { readonly min: number; readonly max: number };
  /** Spoke accounts the pools are shared with through RAM. */
  readonly shareWithAccounts: string[];
  /**
   * Blocks in use that were not allocated from a pool (the hub VPC, spokes created
   * before pools): reserved so that IPAM never hands them out.
   * @default - none
   */
  readonly reservations?: AddressIpamReservation[];
}

/**
 * Amazon VPC IP Address Manager for the spoke VPCs: an IPAM operating in the hub's
 * region, a private scope, one top-level pool per registry pool (locale = region, so
 * VPCs allocate from it directly; allocation rules limit a VPC to the spoke sizes),
 * reservations for blocks allocated elsewhere, and a RAM share that lets the spoke
 * accounts allocate their VPC from the pools. Two spokes can then never hold the same
 * block, whatever the registry's copies say.
 */
export class AddressIpam extends Construct {
  readonly ipam: ec2.CfnIPAM;
  readonly scope: ec2.CfnIPAMScope;
  /** Pools by registry pool name. */
  readonly pools: Record<string, ec2.CfnIPAMPool>;
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: AddressIpamProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.ipam = new ec2.CfnIPAM(this, 'Ipam', {
      description: 'Platform address plan: spoke VPC blocks',
      operatingRegions: [{ regionName: region }],
    });
    this.scope = new ec2.CfnIPAMScope(this, 'Scope', {
      ipamId: this.ipam.attrIpamId,
      description: 'Platform spoke VPCs',
    });

    this.pools = {};
    for (const pool of props.pools) {
      this.pools[pool.name] = new ec2.CfnIPAMPool(
        this,
        `Pool${pascal(pool.name)}`,
        {
          addressFamily: 'ipv4',
          ipamScopeId: this.scope.attrIpamScopeId,
          locale: region,
          description: pool.description ?? `Platform address pool ${pool.name}`,
          provisionedCidrs: pool.cidrs.map(cidr => ({ cidr })),
          allocationMinNetmaskLength: props.netmaskLength.min,
          allocationMaxNetmaskLength: props.netmaskLength.max,
          allocationDefaultNetmaskLength: pool.defaultNetmaskLength,
          autoImport: false,
          tags: [{ key: 'Name', value: `platform-${pool.name}` }],
        },
      );
    }

    for (const reservation of props.reservations ?? []) {
      const pool = this.pools[reservation.pool];
      if (!pool) {
        throw new Error(
          `AddressIpam: reservation ${reservation.cidr} names unknown pool '${reservation.pool}'`,
        );
      }
      new ec2.CfnIPAMAllocation(this, `Reservation${pascal(reservation.key)}`, {
        ipamPoolId: pool.attrIpamPoolId,
        cidr: reservation.cidr,
        description: reservation.description,
      });
    }

    this.share = new ram.CfnResourceShare(this, 'Share', {
      name: 'platform-ipam-pools',
      allowExternalPrincipals: true,
      resourceArns: Object.values(this.pools).map(p => p.attrArn),
      principals: [...new Set(props.shareWithAccounts)],
    });
  }
}
