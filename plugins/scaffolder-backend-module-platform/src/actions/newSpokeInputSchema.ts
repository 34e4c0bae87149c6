import { z as zod } from 'zod/v3';

type Z = typeof zod;

/**
 * The New environment form's answers as action input. Only types here: the rules
 * (DNS label, 12 digits, CIDR overlap, ...) are the registry's, checked in the
 * handler so that every refusal names the field and the rule the same way.
 */
export const newSpokeInputSchema = {
  name: (z: Z) =>
    z.string({
      description:
        'Spoke name: a unique lower-case DNS label (at most 56 characters); also the catalog System name',
    }),
  description: (z: Z) =>
    z.string({ description: 'One line about the spoke' }).optional(),
  environmentClass: (z: Z) =>
    z.enum(['non-prod', 'prod'], {
      description:
        'Picks the Transit Gateway route table; prod requires deletion protection',
    }),
  account: (z: Z) =>
    z.string({
      description:
        'AWS account id: 12 digits, not used by the hub or another spoke',
    }),
  region: (z: Z) => z.string({ description: "AWS region; must be the hub's" }),
  owner: (z: Z) =>
    z.string({
      description: 'Owning group entity ref, e.g. group:default/platform-team',
    }),
  cidr: (z: Z) =>
    z.string({
      description:
        'VPC CIDR, a /16 to /20 inside the pool, that overlaps neither the hub, another spoke nor 100.64.0.0/16',
    }),
  pool: (z: Z) =>
    z
      .string({
        description:
          "Address pool of hub.yaml addressPlan; default: the environment class's default pool",
      })
      .optional(),
  size: (z: Z) =>
    z
      .number({
        description:
          'VPC size as a prefix length, 16 to 20; when given, cidr must be that size',
      })
      .int()
      .optional(),
  azCount: (z: Z) =>
    z.number({ description: 'Availability zones: 2 or 3' }).int(),
  natGateways: (z: Z) =>
    z.enum(['single', 'perAz'], {
      description: 'One NAT gateway, or one per availability zone',
    }),
  privateZones: (z: Z) =>
    z
      .array(z.string(), {
        description:
          "Hub private zones to associate; default: the hub's root zone and <name>.<root> if the hub has it",
      })
      .optional(),
  eksVersion: (z: Z) =>
    z.string({
      description:
        'Kubernetes minor version, in EKS standard support today, e.g. "1.35"',
    }),
  nodeInstanceType: (z: Z) =>
    z.string({
      description: 'EC2 instance type of the node group, e.g. m6i.large',
    }),
  nodeMinSize: (z: Z) =>
    z.number({ description: 'Node group minimum size' }).int(),
  nodeDesiredSize: (z: Z) =>
    z.number({ description: 'Node group desired size' }).int(),
  nodeMaxSize: (z: Z) =>
    z.number({ description: 'Node group maximum size' }).int(),
  auroraEngineVersion: (z: Z) =>
    z
      .string({
        description:
          'Aurora MySQL engine version; default 8.0.mysql_aurora.3.08.0',
      })
      .optional(),
  auroraInstanceClass: (z: Z) =>
    z.string({ description: 'Aurora instance class, e.g. db.r6g.large' }),
  auroraReaders: (z: Z) =>
    z.number({ description: 'Aurora readers at rest (0 to 15)' }).int(),
  auroraMaxReaders: (z: Z) =>
    z
      .number({
        description:
          'Upper bound for reader auto scaling; default auroraReaders',
      })
      .int()
      .optional(),
  deletionProtection: (z: Z) =>
    z.boolean({
      description: 'Aurora deletion protection; must be true for prod',
    }),
};
