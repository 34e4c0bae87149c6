import {
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { registryToEntities } from './registryEntities';
import {
  SAMPLE_REGISTRY_DIR,
  sampleFiles,
  snapshotOf,
  withText,
} from '../testUtils/registry';

const loc = (file: string) => `file:${SAMPLE_REGISTRY_DIR}/${file}`;
const locationOf = loc;

function located(file: string) {
  return {
    'backstage.io/managed-by-location': loc(file),
    'backstage.io/managed-by-origin-location': loc(file),
  };
}

const HUB = {
  ...located('hub.yaml'),
  'platform.io/spoke': 'shared',
  'platform.io/account-id': '111122223333',
  'platform.io/region': 'ap-southeast-3',
  'platform.io/environment-class': 'hub',
};

function zone(name: string, id: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `shared-zone-${name}`,
      description: `Route 53 private hosted zone ${name}, associated with the VPC of each spoke that lists it.`,
      annotations: {
        ...HUB,
        'platform.io/component': 'private-zone',
        'platform.io/hosted-zone-name': name,
        'platform.io/hosted-zone-id': id,
      },
    },
    spec: {
      type: 'route53-private-hosted-zone',
      owner: 'group:default/platform-team',
      system: 'shared',
    },
  };
}

const EXPECTED_HUB: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: {
      name: 'platform',
      title: 'Platform',
      description:
        'The hub-and-spoke AWS estate: the hub and every spoke, from the platform registry.',
      annotations: located('hub.yaml'),
    },
    spec: { owner: 'group:default/platform-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shared',
      description:
        'Shared services hub: Transit Gateway, DNS, ECR and CI access.',
      tags: ['hub'],
      annotations: {
        ...HUB,
        'platform.io/vpc-cidr': '10.0.0.0/16',
        'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
      },
    },
    spec: {
      owner: 'group:default/platform-team',
      domain: 'platform',
      type: 'hub',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'shared-transit-gateway',
      description:
        'Transit Gateway of the hub; a route table per environment class keeps prod and non-prod apart.',
      annotations: {
        ...HUB,
        'platform.io/component': 'transit-gateway',
        'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
      },
    },
    spec: {
      type: 'transit-gateway',
      owner: 'group:default/platform-team',
      system: 'shared',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'shared-ecr',
      description:
        'ECR registry of the hub, which the spokes pull images from: piksel/odc, piksel/jupyter.',
      annotations: {
        ...HUB,
        'platform.io/component': 'ecr',
        'platform.io/ecr-repositories': 'piksel/odc,piksel/jupyter',
      },
    },
    spec: {
      type: 'ecr-registry',
      owner: 'group:default/platform-team',
      system: 'shared',
    },
  },
  zone('piksel.internal', 'Z0123456789PIKSELINT'),
  zone('dev.piksel.internal', 'Z0123456789PIKSELDEV'),
  zone('staging.piksel.internal', 'Z0123456789PIKSELSTG'),
  zone('prod.piksel.internal', 'Z0123456789PIKSELPRD'),
];

const EXPECTED_DEV: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'dev',
      description:
        'Spoke dev (non-prod): a VPC attached to the hub, an EKS cluster and an Aurora MySQL cluster.',
      tags: ['spoke', 'non-prod'],
      annotations: {
        ...located('spokes/dev.yaml'),
        'platform.io/spoke': 'dev',
        'platform.io/account-id': '222233334444',
        'platform.io/region': 'ap-southeast-3',
        'platform.io/environment-class': 'non-prod',
        'platform.io/vpc-cidr': '10.1.0.0/16',
        'platform.io/eks-cluster-name': 'dev',
        'platform.io/db-cluster-identifier': 'dev-aurora',
      },
    },
    spec: {
      owner: 'group:default/platform-team',
      domain: 'platform',
      type: 'spoke',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'dev-eks',
      description: 'EKS 1.35 cluster dev: m6i.large nodes, 2 to 4 (desired 2).',
      annotations: {
        ...located('spokes/dev.yaml'),
        'platform.io/spoke': 'dev',
        'platform.io/account-id': '222233334444',
        'platform.io/region': 'ap-southeast-3',
        'platform.io/environment-class': 'non-prod',
        'platform.io/component': 'eks',
        'platform.io/eks-cluster-name': 'dev',
      },
    },
    spec: {
      type: 'eks-cluster',
      owner: 'group:default/platform-team',
      system: 'dev',
      dependsOn: [
        'resource:default/shared-ecr',
        'resource:default/shared-zone-piksel.internal',
        'resource:default/shared-zone-dev.piksel.internal',
      ],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'dev-tgw-attachment',
      description:
        'Attaches the dev VPC (10.1.0.0/16) to the hub Transit Gateway, in the non-prod route table.',
      annotations: {
        ...located('spokes/dev.yaml'),
        'platform.io/spoke': 'dev',
        'platform.io/account-id': '222233334444',
        'platform.io/region': 'ap-southeast-3',
        'platform.io/environment-class': 'non-prod',
        'platform.io/component': 'tgw-attachment',
        'platform.io/vpc-cidr': '10.1.0.0/16',
        'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
      },
    },
    spec: {
      type: 'transit-gateway-attachment',
      owner: 'group:default/platform-team',
      system: 'dev',
      dependsOn: ['resource:default/shared-transit-gateway'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'dev-aurora',
      description:
        'Aurora MySQL cluster dev-aurora: 8.0.mysql_aurora.3.08.0 on db.t4g.medium, 0 readers (up to 1), deletion protection off.',
      annotations: {
        ...located('spokes/dev.yaml'),
        'platform.io/spoke': 'dev',
        'platform.io/account-id': '222233334444',
        'platform.io/region': 'ap-southeast-3',
        'platform.io/environment-class': 'non-prod',
        'platform.io/component': 'aurora',
        'platform.io/db-cluster-identifier': 'dev-aurora',
      },
    },
    spec: {
      type: 'aurora-mysql-cluster',
      owner: 'group:default/platform-team',
      system: 'dev',
    },
  },
];

const PROD = {
  ...located('spokes/prod.yaml'),
  'platform.io/spoke': 'prod',
  'platform.io/account-id': '444455556666',
  'platform.io/region': 'ap-southeast-3',
  'platform.io/environment-class': 'prod',
};

const EXPECTED_PROD: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'prod',
      description:
        'Spoke prod (prod): a VPC attached to the hub, an EKS cluster and an Aurora MySQL cluster.',
      tags: ['spoke', 'prod'],
      annotations: {
        ...PROD,
        'platform.io/vpc-cidr': '10.3.0.0/16',
        'platform.io/eks-cluster-name': 'prod',
        'platform.io/db-cluster-identifier': 'prod-aurora',
      },
    },
    spec: {
      owner: 'group:default/payments-team',
      domain: 'platform',
      type: 'spoke',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'prod-eks',
      description:
        'EKS 1.35 cluster prod: m6i.xlarge nodes, 3 to 9 (desired 3).',
      annotations: {
        ...PROD,
        'platform.io/component': 'eks',
        'platform.io/eks-cluster-name': 'prod',
      },
    },
    spec: {
      type: 'eks-cluster',
      owner: 'group:default/payments-team',
      system: 'prod',
      dependsOn: [
        'resource:default/shared-ecr',
        'resource:default/shared-zone-piksel.internal',
        'resource:default/shared-zone-prod.piksel.internal',
      ],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'prod-tgw-attachment',
      description:
        'Attaches the prod VPC (10.3.0.0/16) to the hub Transit Gateway, in the prod route table.',
      annotations: {
        ...PROD,
        'platform.io/component': 'tgw-attachment',
        'platform.io/vpc-cidr': '10.3.0.0/16',
        'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
      },
    },
    spec: {
      type: 'transit-gateway-attachment',
      owner: 'group:default/payments-team',
      system: 'prod',
      dependsOn: ['resource:default/shared-transit-gateway'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'prod-aurora',
      description:
        'Aurora MySQL cluster prod-aurora: 8.0.mysql_aurora.3.08.0 on db.r6g.xlarge, 2 readers (up to 4), deletion protection on.',
      annotations: {
        ...PROD,
        'platform.io/component': 'aurora',
        'platform.io/db-cluster-identifier': 'prod-aurora',
      },
    },
    spec: {
      type: 'aurora-mysql-cluster',
      owner: 'group:default/payments-team',
      system: 'prod',
    },
  },
];

const STAGING = {
  ...located('spokes/staging.yaml'),
  'platform.io/spoke': 'staging',
  'platform.io/account-id': '333344445555',
  'platform.io/region': 'ap-southeast-3',
  'platform.io/environment-class': 'non-prod',
};

const EXPECTED_STAGING: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'staging',
      description:
        'Spoke staging (non-prod): a VPC attached to the hub, an EKS cluster and an Aurora MySQL cluster.',
      tags: ['spoke', 'non-prod'],
      annotations: {
        ...STAGING,
        'platform.io/vpc-cidr': '10.2.0.0/16',
        'platform.io/eks-cluster-name': 'staging',
        'platform.io/db-cluster-identifier': 'staging-aurora',
      },
    },
    spec: {
      owner: 'group:default/storefront-team',
      domain: 'platform',
      type: 'spoke',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'staging-eks',
      description:
        'EKS 1.35 cluster staging: m6i.large nodes, 2 to 6 (desired 2).',
      annotations: {
        ...STAGING,
        'platform.io/component': 'eks',
        'platform.io/eks-cluster-name': 'staging',
      },
    },
    spec: {
      type: 'eks-cluster',
      owner: 'group:default/storefront-team',
      system: 'staging',
      dependsOn: [
        'resource:default/shared-ecr',
        'resource:default/shared-zone-piksel.internal',
        'resource:default/shared-zone-staging.piksel.internal',
      ],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'staging-tgw-attachment',
      description:
        'Attaches the staging VPC (10.2.0.0/16) to the hub Transit Gateway, in the non-prod route table.',
      annotations: {
        ...STAGING,
        'platform.io/component': 'tgw-attachment',
        'platform.io/vpc-cidr': '10.2.0.0/16',
        'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
      },
    },
    spec: {
      type: 'transit-gateway-attachment',
      owner: 'group:default/storefront-team',
      system: 'staging',
      dependsOn: ['resource:default/shared-transit-gateway'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'staging-aurora',
      description:
        'Aurora MySQL cluster staging-aurora: 8.0.mysql_aurora.3.08.0 on db.r6g.large, 1 reader (up to 2), deletion protection off.',
      annotations: {
        ...STAGING,
        'platform.io/component': 'aurora',
        'platform.io/db-cluster-identifier': 'staging-aurora',
      },
    },
    spec: {
      type: 'aurora-mysql-cluster',
      owner: 'group:default/storefront-team',
      system: 'staging',
    },
  },
];

const refOf = (e: Entity) => stringifyEntityRef(e);

describe('registryToEntities', () => {
  const sampleEntities = () =>
    registryToEntities(snapshotOf(sampleFiles()), { locationOf });

  it('emits exactly these entities for the sample registry, hub first, spokes by name', () => {
    expect(sampleEntities()).toStrictEqual([
      ...EXPECTED_HUB,
      ...EXPECTED_DEV,
      ...EXPECTED_PROD,
      ...EXPECTED_STAGING,
    ]);
  });

  it('emits entities the catalog accepts, each ref once', async () => {
    const entities = sampleEntities();
    const policy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
    ]);
    const validators = [
      domainEntityV1alpha1Validator,
      systemEntityV1alpha1Validator,
      resourceEntityV1alpha1Validator,
    ];
    for (const entity of entities) {
      await expect(policy.enforce(entity)).resolves.toBe(entity);
      const checks = await Promise.all(validators.map(v => v.check(entity)));
      expect(checks.filter(Boolean)).toHaveLength(1);
    }
    const refs = entities.map(refOf);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('links every spoke to the hub: each relation target is an emitted entity', () => {
    const entities = sampleEntities();
    const refs = new Set(entities.map(refOf));
    const targets = entities.flatMap(e => {
      const spec = e.spec as Record<string, any>;
      return [
        ...(spec.dependsOn ?? []),
        ...(spec.system ? [`system:default/${spec.system}`] : []),
        ...(spec.domain ? [`domain:default/${spec.domain}`] : []),
      ] as string[];
    });
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(refs).toContain(stringifyEntityRef(parseEntityRef(target)));
    }
    // The path the graph draws from a spoke to the hub.
    const attachment = entities.find(
      e => e.metadata.name === 'staging-tgw-attachment',
    )!;
    expect(attachment.spec).toMatchObject({
      system: 'staging',
      dependsOn: ['resource:default/shared-transit-gateway'],
    });
  });

  it('adds the VPC and attachment ids once the spoke records them as deployed', () => {
    const files = withText(
      sampleFiles(),
      'spokes/dev.yaml',
      /$/,
      '\ndeployed:\n  vpcId: vpc-0123456789abcdef0\n  transitGatewayAttachmentId: tgw-attach-0123456789abcdef0\n',
    );
    const entities = registryToEntities(snapshotOf(files), { locationOf });
    const annotationsOf = (name: string) =>
      entities.find(e => e.metadata.name === name)!.metadata.annotations;
    expect(annotationsOf('dev')).toMatchObject({
      'platform.io/vpc-id': 'vpc-0123456789abcdef0',
      'platform.io/tgw-attachment-id': 'tgw-attach-0123456789abcdef0',
    });
    expect(annotationsOf('dev-tgw-attachment')).toMatchObject({
      'platform.io/vpc-id': 'vpc-0123456789abcdef0',
      'platform.io/tgw-attachment-id': 'tgw-attach-0123456789abcdef0',
      'platform.io/transit-gateway-id': 'tgw-0123456789abcdef0',
    });
    expect(annotationsOf('staging-tgw-attachment')).not.toHaveProperty(
      'platform.io/tgw-attachment-id',
    );
  });

  it('leaves the hub ids out before the hub is deployed', () => {
    const files = withText(sampleFiles(), 'hub.yaml', /\ndeployed:[^]*$/, '\n');
    const entities = registryToEntities(snapshotOf(files), { locationOf });
    const ids = entities.flatMap(e =>
      Object.keys(e.metadata.annotations ?? {}).filter(key =>
        /transit-gateway-id|hosted-zone-id/.test(key),
      ),
    );
    expect(ids).toEqual([]);
    expect(entities.map(refOf)).toEqual(sampleEntities().map(refOf));
  });

  it('describes a hub without ECR repositories and a spoke with its own description', () => {
    let files = withText(
      sampleFiles(),
      'hub.yaml',
      'repositories: [piksel/odc, piksel/jupyter]',
      'repositories: []',
    );
    files = withText(
      files,
      'spokes/prod.yaml',
      'name: prod\n',
      'name: prod\ndescription: Production, three AZs.\n',
    );
    const entities = registryToEntities(snapshotOf(files), { locationOf });
    const ecr = entities.find(e => e.metadata.name === 'shared-ecr')!;
    expect(ecr.metadata.description).toBe(
      'ECR registry of the hub, which the spokes pull images from (no repositories yet).',
    );
    expect(ecr.metadata.annotations).not.toHaveProperty(
      'platform.io/ecr-repositories',
    );
    expect(
      entities.find(e => e.metadata.name === 'prod')!.metadata.description,
    ).toBe('Production, three AZs.');
  });
});
