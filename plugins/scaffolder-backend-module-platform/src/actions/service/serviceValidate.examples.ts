import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/**
 * Seed 002's phl-store as the New service form sends it, next to the sample
 * registry: the public Docker Hub image (mirrored through the hub ECR), MySQL, its config at /config/config.json,
 * public through the ALB on dev and prod.
 */
export const phlStoreInput = {
  name: 'phl-store',
  description: 'CRUD store from seed 002',
  owner: 'group:default/storefront-team',
  system: 'system:default/storefront',
  imageSource: 'external',
  image: 'zylwin/phl-store:latest',
  port: 8080,
  healthCheckPath: '/',
  environments: ['system:default/dev', 'system:default/prod'],
  exposure: 'public',
  host: 'phl-store.app.piksel.big.go.id',
  database: true,
  databaseAuth: 'iam',
  databaseSchema: 'phl_store',
  databaseUser: 'phl_store',
  minReplicas: 2,
  maxReplicas: 6,
  configKeys: ['connection_string', 'port'],
  createRepository: false,
};

/** An internal service built by the platform's CI into the hub ECR repository. */
export const internalApiInput = {
  name: 'catalog-api',
  owner: 'group:default/storefront-team',
  port: 3000,
  environments: ['staging'],
  exposure: 'internal',
  imageSource: 'own',
  database: false,
  minReplicas: 1,
  maxReplicas: 3,
  configKeys: ['logLevel'],
  createRepository: true,
};

export const examples: TemplateExample[] = [
  {
    description:
      'Validate phl-store (seed 002): a public image, MySQL schema and user, public on dev and prod',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'platform:service:validate',
          name: 'Validate the new service against the registry',
          input: phlStoreInput,
        },
      ],
    }),
  },
  {
    description:
      'Validate an internal service whose image CI builds into the hub ECR repository from a new code repository',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'platform:service:validate',
          name: 'Validate the new service against the registry',
          input: internalApiInput,
        },
      ],
    }),
  },
];
