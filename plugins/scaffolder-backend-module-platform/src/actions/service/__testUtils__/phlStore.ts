/**
 * The New service answers that produced the committed sample service, seed 002's
 * phl-store: Docker Hub's zylwin/phl-store mirrored into the hub ECR, a public ALB,
 * and an Aurora MySQL user with a rotated password, whose connection string the
 * chart writes into /config/config.json (the app reads `connection_string` and
 * `port` there, unmodified). It creates its own table, so it asks for DDL.
 */
export const PHL_STORE_ANSWERS: Record<string, unknown> = {
  name: 'phl-store',
  description: "Seed 002's CRUD store on Aurora MySQL",
  owner: 'group:default/storefront-team',
  system: 'system:default/storefront',
  imageSource: 'external',
  image: 'zylwin/phl-store:latest',
  port: 8080,
  healthCheckPath: '/',
  minReplicas: 2,
  maxReplicas: 6,
  configKeys: [],
  environments: [
    'system:default/dev',
    'system:default/staging',
    'system:default/prod',
  ],
  exposure: 'public',
  host: 'phl-store.app.piksel.big.go.id',
  database: true,
  databaseAuth: 'password',
  databaseDdl: true,
  createRepository: false,
};
