import { z } from 'zod';
import {
  addressPlanSchema,
  ipamPoolIdsSchema,
  spokePoolSchema,
} from './addressPlanSchema';
import { isValidCidr, parseIpv4 } from './cidr';

/** Lower-case DNS label starting with a letter; also a valid stack and System name. */
export const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const dnsLabel = z.string().regex(DNS_LABEL, {
  error: 'must be a DNS label: a-z, 0-9 and -, starting with a letter',
});
const accountId = z
  .string({
    error: 'must be a quoted string of 12 digits, e.g. "123456789012"',
  })
  .regex(/^\d{12}$/, { error: 'must be 12 digits' });
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, {
  error: 'must be an AWS region such as ap-southeast-3',
});
const ownerRef = z
  .string()
  .regex(/^group:([a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9._-]*$/, {
    error: 'must be a group entity ref such as group:default/platform-team',
  });
const cidr = z.string().refine(isValidCidr, {
  error: 'must be an IPv4 CIDR block with no host bits set, e.g. 10.1.0.0/16',
});
const ipv4 = z.string().refine(
  v => {
    try {
      parseIpv4(v);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IPv4 address' },
);
const domain = z
  .string()
  .regex(DOMAIN, { error: 'must be a lower-case DNS name' });
const iamRoleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, {
    error:
      'must be an IAM role ARN such as arn:aws:iam::123456789012:role/name',
  });
const identityStoreGroupId = z
  .string()
  .regex(
    /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    { error: 'must be an IAM Identity Center group id' },
  );
const availabilityZones = z.array(
  z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, {
    error: 'must be an availability zone name such as ap-southeast-3a',
  }),
);

/** `hub.yaml`: the shared services account (seed 001). */
export const hubConfigSchema = z.strictObject({
  /** Catalog System name of the hub; must not collide with a spoke. */
  name: dnsLabel,
  description: z.string().optional(),
  account: accountId,
  region,
  owner: ownerRef,
  network: z.strictObject({
    cidr,
    availabilityZones,
  }),
  github: z.strictObject({
    /** GitHub organisation trusted by the OIDC provider. */
    org: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, {
      error: 'must be a GitHub organisation name',
    }),
    /** Repositories allowed to assume the ECR push role; `*` for all of the org's. */
    repositories: z
      .array(
        z.string().regex(/^(\*|[A-Za-z0-9._-]+)$/, {
          error: 'must be a repository name or *',
        }),
      )
      .min(1)
      .default(['*']),
    /**
     * The platform repository (this registry's repository) within the org: its
     * pipeline gets a GitHub OIDC deploy and diff role in every account.
     */
    platformRepository: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a repository name' })
      .optional(),
    /** The platform repository's default branch, which deploys. */
    defaultBranch: z.string().min(1).default('main'),
  }),
  dns: z.strictObject({
    publicZones: z.array(domain),
    privateZones: z.array(domain).min(1),
  }),
  ecr: z.strictObject({
    repositories: z.array(
      z
        .string()
        .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
          error: 'must be an ECR repository name such as piksel/odc',
        }),
    ),
    /** Lifecycle rule: keep this many images per repository. */
    maxImageCount: z.number().int().min(1).max(10000).default(30),
    /**
     * Secrets Manager secrets (ARNs, names starting `ecr-pullthroughcache/`) holding
     * the credentials ECR pull-through cache rules need for upstream registries that
     * require them (`docker.io`, `ghcr.io`), by registry. Created once by the
     * platform team in the hub account; the values never live in git.
     */
    upstreamCredentials: z
      .record(
        z.string(),
        z
          .string()
          .regex(
            /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/,
            {
              error:
                'must be the ARN of a Secrets Manager secret named ecr-pullthroughcache/...',
            },
          ),
      )
      .default({}),
  }),
  /**
   * The project every resource belongs to: the mandatory `Project` tag (seed 000) and the
   * first segment of runbook secret names.
   */
  project: dnsLabel.default('platform'),
  portal: z.strictObject({
    /** Name of the read-only role every spoke creates for the portal to assume. */
    roleName: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
      error: 'must be an IAM role name',
    }),
    /**
     * Role every spoke creates for the portal to create runbook secrets: create and tag
     * only, under the naming convention, with the five mandatory tags; never read.
     */
    secretWriterRoleName: z
      .string()
      .regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
        error: 'must be an IAM role name',
      })
      .default('platform-secret-writer'),
    /** Name of the secret / config value holding the sts:ExternalId; never the value. */
    externalIdName: z.string().min(1),
    /**
     * Where the portal itself runs: an EKS cluster in the hub account with its own
     * IAM role (Pod Identity), which the spokes' read-only roles trust by ARN.
     */
    hosting: z
      .strictObject({
        /** The portal's own role in the hub; spokes trust exactly this ARN. */
        roleName: z
          .string()
          .regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
            error: 'must be an IAM role name',
          })
          .default('platform-portal'),
        cluster: z
          .strictObject({
            version: z
              .string({
                error:
                  'must be a quoted Kubernetes minor version such as "1.33"',
              })
              .regex(/^1\.\d{2}$/, {
                error: 'must be a Kubernetes minor version such as "1.33"',
              })
              .default('1.33'),
            instanceTypes: z
              .array(
                z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, {
                  error: 'must be an EC2 instance type such as m6i.large',
                }),
              )
              .min(1)
              .default(['m6i.large']),
            nodes: z.number().int().min(2).max(20).default(2),
          })
          .prefault({}),
        /** Kubernetes namespace and service account the portal runs as. */
        namespace: dnsLabel.default('platform-portal'),
        serviceAccount: dnsLabel.default('platform-portal'),
        database: z
          .strictObject({
            /** Aurora PostgreSQL version, e.g. 16.6. */
            engineVersion: z
              .string()
              .regex(/^\d{2}\.\d{1,2}$/, {
                error: 'must be an Aurora PostgreSQL version such as "16.6"',
              })
              .default('16.6'),
            /** Serverless v2 capacity in ACUs (0.5 steps). */
            minCapacity: z
              .number()
              .min(0)
              .max(256)
              .multipleOf(0.5)
              .default(0.5),
            maxCapacity: z.number().min(1).max(256).multipleOf(0.5).default(4),
            deletionProtection: z.boolean().default(true),
          })
          .prefault({})
          .refine(d => d.minCapacity <= d.maxCapacity, {
            error: 'minCapacity must not be above maxCapacity',
            path: ['minCapacity'],
          }),
        redis: z
          .strictObject({
            enabled: z.boolean().default(false),
            nodeType: z
              .string()
              .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, {
                error:
                  'must be an ElastiCache node type such as cache.t4g.small',
              })
              .default('cache.t4g.small'),
          })
          .prefault({}),
      })
      .prefault({}),
  }),
  /** Address pools for spoke VPCs and default sizes; default: all of 10.0.0.0/8, /16s. */
  addressPlan: addressPlanSchema.optional(),
  /**
   * IAM Identity Center, which the managed Argo CD on every spoke signs people in
   * with (the EKS Argo CD capability supports no local users).
   */
  identityCenter: z
    .strictObject({
      instanceArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[0-9a-f]{16}$/, {
          error:
            'must be an Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-0123456789abcdef',
        }),
      region,
      /** Groups with the Argo CD ADMIN role on every spoke. */
      argoCdAdminGroupIds: z.array(identityStoreGroupId).min(1),
      /** Groups with the Argo CD VIEWER role on every spoke. */
      argoCdViewerGroupIds: z.array(identityStoreGroupId).optional(),
    })
    .optional(),
  /** Filled once after the hub is deployed; spokes need it to attach. */
  deployed: z
    .strictObject({
      transitGatewayId: z.string().regex(/^tgw-[0-9a-f]{8,17}$/, {
        error: 'must be a transit gateway id (tgw-...)',
      }),
      routeTableIds: z.strictObject({
        'non-prod': z.string().regex(/^tgw-rtb-[0-9a-f]{8,17}$/, {
          error: 'must be a TGW route table id (tgw-rtb-...)',
        }),
        prod: z.string().regex(/^tgw-rtb-[0-9a-f]{8,17}$/, {
          error: 'must be a TGW route table id (tgw-rtb-...)',
        }),
      }),
      resolverInboundIps: z.array(ipv4).min(2),
      /** Private zone name to hosted zone id. */
      privateZoneIds: z.record(
        z.string(),
        z.string().regex(/^Z[A-Z0-9]{1,32}$/, {
          error: 'must be a hosted zone id (Z...)',
        }),
      ),
      /** Address pool name to the hub's IPAM pool id; spokes allocate their VPC from it. */
      ipamPoolIds: ipamPoolIdsSchema.optional(),
    })
    .optional(),
});

/** `spokes/<name>.yaml`: one workload account (seeds 002, 003). */
export const spokeConfigSchema = z.strictObject({
  /** Equals the file's base name; catalog System name and stack name suffix. */
  name: dnsLabel,
  description: z.string().optional(),
  /** Picks the hub's TGW route table: prod and non-prod never reach each other. */
  environmentClass: z.enum(['non-prod', 'prod']),
  account: accountId,
  region,
  owner: ownerRef,
  network: z.strictObject({
    cidr,
    azCount: z.number().int(),
    availabilityZones,
    natGateways: z.enum(['single', 'perAz']),
    /** Address pool (hub.yaml `addressPlan.pools`) the VPC is allocated from. */
    pool: spokePoolSchema.optional(),
  }),
  dns: z.strictObject({
    /** Hub private zones to associate with this spoke's VPC. */
    privateZones: z.array(domain).min(1),
    /**
     * Hub public zones this spoke's external-dns may write records in (through a
     * role in the hub scoped to these zones), and its ACM certificates cover.
     */
    publicZones: z.array(domain).optional(),
  }),
  eks: z.strictObject({
    version: z
      .string({
        error: 'must be a quoted Kubernetes minor version such as "1.33"',
      })
      .regex(/^1\.\d{2}$/, {
        error: 'must be a Kubernetes minor version such as "1.33"',
      }),
    nodeGroup: z.strictObject({
      instanceTypes: z
        .array(
          z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, {
            error: 'must be an EC2 instance type such as m6i.large',
          }),
        )
        .min(1),
      desiredSize: z.number().int().min(0),
      minSize: z.number().int().min(0),
      maxSize: z.number().int().min(1),
    }),
    /** EKS access entries; roles are in this spoke's account. */
    access: z
      .strictObject({
        /** The platform team's role: cluster admin. */
        platformTeamRoleArn: iamRoleArn,
        /**
         * Each service-owning team's role (by catalog group ref): edit access to
         * the namespaces of the services it owns on this spoke, nothing else.
         */
        teamRoleArns: z.record(ownerRef, iamRoleArn).optional(),
      })
      .optional(),
  }),
  aurora: z
    .strictObject({
      engineVersion: z
        .string()
        .regex(/^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$/, {
          error:
            'must be an Aurora MySQL engine version such as 8.0.mysql_aurora.3.08.0',
        }),
      instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, {
        error: 'must be a DB instance class such as db.r6g.large',
      }),
      /** Readers at rest; reader auto scaling never goes below this. */
      readers: z.number().int().min(0).max(15),
      /** Upper bound for reader auto scaling; defaults to `readers`. */
      maxReaders: z.number().int().min(0).max(15).optional(),
      deletionProtection: z.boolean(),
    })
    .transform(a => ({ ...a, maxReaders: a.maxReaders ?? a.readers })),
  /**
   * Filled after the spoke's first deploy (by the pipeline once the Transit
   * Gateway handshake has wired the spoke): the hub authorises the private zone
   * associations for the VPC, and the spoke routes the hub once its attachment is
   * accepted.
   */
  deployed: z
    .strictObject({
      vpcId: z
        .string()
        .regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id (vpc-...)' })
        .optional(),
      transitGatewayAttachmentId: z
        .string()
        .regex(/^tgw-attach-[0-9a-f]{8,17}$/, {
          error: 'must be a TGW attachment id (tgw-attach-...)',
        })
        .optional(),
      /**
       * Who accepted the attachment and owns its hub-side association and routes:
       * `handshake` (the pipeline, docs/adr/0040; the hub stack leaves them alone)
       * or `hub-stack` (the hub stack accepts the id through CloudFormation; also
       * when absent, as before the handshake existed).
       */
      acceptedBy: z.enum(['handshake', 'hub-stack']).optional(),
    })
    .optional(),
});

/** The hub as parsed (defaults applied). */
export type HubConfig = z.output<typeof hubConfigSchema>;
/** A spoke as parsed (defaults applied). */
export type SpokeConfig = z.output<typeof spokeConfigSchema>;
/** What was filled in after the hub was deployed. */
export type HubDeployedConfig = NonNullable<HubConfig['deployed']>;
export type EnvironmentClass = SpokeConfig['environmentClass'];
export type NatGatewayMode = SpokeConfig['network']['natGateways'];

/** The whole registry: the hub and every spoke, spokes sorted by name. */
export interface Registry {
  hub: HubConfig;
  spokes: SpokeConfig[];
}
