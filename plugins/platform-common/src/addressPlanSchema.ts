import { z } from 'zod';
import { isValidCidr } from './cidr';
import { LARGEST_VPC_PREFIX, SMALLEST_VPC_PREFIX } from './subnetPlan';

/** A pool name: a lower-case DNS label, also part of IPAM resource names. */
export const POOL_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

const poolName = z.string().regex(POOL_NAME, {
  error: 'must be a pool name: a-z, 0-9 and -, starting with a letter',
});

/** A spoke VPC size as a prefix length: 16 (a /16) to 20 (a /20). */
export const vpcSizeSchema = z
  .number({
    error: `must be a prefix length from ${LARGEST_VPC_PREFIX} to ${SMALLEST_VPC_PREFIX}`,
  })
  .int({ error: 'must be a whole prefix length, e.g. 20 for a /20' })
  .min(LARGEST_VPC_PREFIX, {
    error: `must be ${LARGEST_VPC_PREFIX} or more: a VPC is at most a /${LARGEST_VPC_PREFIX}`,
  })
  .max(SMALLEST_VPC_PREFIX, {
    error: `must be ${SMALLEST_VPC_PREFIX} or less: a /${SMALLEST_VPC_PREFIX} is the smallest spoke that holds the subnet plan`,
  });

/** The name a spoke file may give its pool (`network.pool`). */
export const spokePoolSchema = poolName;

const classDefaults = z.strictObject({
  /** VPC size of a new spoke of this class, as a prefix length. */
  size: vpcSizeSchema,
  /** Pool a new spoke of this class takes its block from; default: the first pool. */
  pool: poolName.optional(),
});

/**
 * `hub.yaml` `addressPlan`: the address pools spokes may use (each becomes a
 * top-level IPAM pool in the hub) and, per environment class, a new spoke's
 * default pool and size.
 */
export const addressPlanSchema = z.strictObject({
  pools: z
    .array(
      z.strictObject({
        name: poolName,
        description: z.string().optional(),
        /** Blocks of the pool, e.g. part of 10.0.0.0/8; provisioned into IPAM. */
        cidrs: z
          .array(
            z.string().refine(isValidCidr, {
              error:
                'must be an IPv4 CIDR block with no host bits set, e.g. 10.0.0.0/9',
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  defaults: z.strictObject({
    'non-prod': classDefaults,
    prod: classDefaults,
  }),
});

/** `hub.yaml` `deployed.ipamPoolIds`: pool name to IPAM pool id. */
export const ipamPoolIdsSchema = z.record(
  z.string(),
  z.string().regex(/^ipam-pool-[0-9a-f]{8,17}$/, {
    error: 'must be an IPAM pool id (ipam-pool-...)',
  }),
);
