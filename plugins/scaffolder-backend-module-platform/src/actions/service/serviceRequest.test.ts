import { fixtures, Registry } from '@internal/plugin-platform-common';
import {
  environmentHost,
  resolveServiceRequest,
  ServiceRequestInput,
} from './serviceRequest';

const repository = {
  url: 'https://github.com/piksel-ina/piksel-platform',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-platform',
  registryPath: 'infra/config',
};

const base: ServiceRequestInput = {
  name: 'shop',
  owner: 'group:default/storefront-team',
  port: 8080,
  environments: ['system:default/dev', 'prod'],
  exposure: 'internal',
  minReplicas: 1,
  maxReplicas: 3,
};

/** The fixture registry with every spoke serving hosts under app.piksel.big.go.id. */
function publicRegistry(): Registry {
  const registry = fixtures.registry();
  for (const spoke of registry.spokes) {
    (spoke.dns as any).publicZones = ['app.piksel.big.go.id'];
  }
  return registry;
}

function resolve(change: Partial<ServiceRequestInput>, registry?: Registry) {
  return resolveServiceRequest(
    { ...base, ...change },
    { registry: registry ?? publicRegistry(), services: [], repository },
  );
}

/** The fixture registry with credentials for the upstreams that need one. */
function withMirrorCredentials(): Registry {
  const registry = fixtures.registry();
  (registry.hub.ecr as any).upstreamCredentials = {
    'docker.io':
      'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:ecr-pullthroughcache/docker-hub-Ab12Cd',
    'ghcr.io':
      'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:ecr-pullthroughcache/ghcr-Ef34Gh',
  };
  return registry;
}

function refusals(change: Partial<ServiceRequestInput>): string[] {
  const result = resolve(change);
  return result.ok ? [] : result.issues.map(i => `${i.field} ${i.rule}`);
}

describe('resolveServiceRequest', () => {
  it('defaults the image to the hub ECR repository built by CI in the platform repository', () => {
    const result = resolve({});
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { values } = result;
    expect(values.image).toEqual({
      source: 'own',
      repository: '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/shop',
      tag: '',
      digest: '',
      fromHub: true,
      upstream: '',
    });
    expect(values.ci).toEqual({
      repository: 'piksel-platform',
      slug: 'piksel-ina/piksel-platform',
      context: 'services/shop',
      inPlatformRepository: true,
      pushRoleArn: 'arn:aws:iam::111122223333:role/github-push-shop',
      bumpEnvironments: 'dev',
      workflowTarget: './platform',
      codeTarget: './platform/services/shop',
      buildWorkflow: './.github/workflows/service-build.yaml',
      buildEnvironment: 'service-shop-build',
      pushRoleName: 'github-push-shop',
      oidcSubject:
        'repo:piksel-ina/piksel-platform:environment:service-shop-build',
    });
    expect(values.serviceConfig).toEqual({
      name: 'shop',
      owner: 'group:default/storefront-team',
      environments: ['dev', 'prod'],
      ci: { repository: 'piksel-platform' },
    });
    expect(values.spokes).toBe('dev,prod');
  });

  it('builds in a new repository when asked', () => {
    const result = resolve({ createRepository: true });
    if (!result.ok) throw new Error('refused');
    expect(result.values.ci).toMatchObject({
      repository: 'shop',
      context: '.',
      inPlatformRepository: false,
      workflowTarget: './service',
      buildWorkflow:
        'piksel-ina/piksel-platform/.github/workflows/service-build.yaml@main',
      oidcSubject: 'repo:piksel-ina/shop:environment:service-shop-build',
    });
    expect(result.values.sourceSlug).toBe('piksel-ina/shop');
  });

  it('reads the flat form parameters imageSource and databaseAuth', () => {
    const result = resolve(
      {
        imageSource: 'external',
        image: 'zylwin/phl-store:latest',
        database: true,
        databaseAuth: 'password',
      },
      withMirrorCredentials(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.image.source).toBe('external');
    expect(result.values.database?.auth).toBe('password');
  });

  it('reads image.source own as the hub ECR repository built by CI', () => {
    const result = resolve({ image: { source: 'own' } });
    if (!result.ok) throw new Error('refused');
    expect(result.values.image.source).toBe('own');
    expect(result.values.ci?.buildEnvironment).toBe('service-shop-build');
  });

  it.each([
    [
      'zylwin/phl-store:latest',
      '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/shop/zylwin/phl-store',
      'latest',
    ],
    [
      'nginx',
      '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/shop/library/nginx',
      'latest',
    ],
    [
      'ghcr.io/acme/api:2.0',
      '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/shop/acme/api',
      '2.0',
    ],
    [
      '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/piksel/odc:1.4',
      '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/piksel/odc',
      '1.4',
    ],
  ])(
    'mirrors the external image %s through the hub ECR as %s',
    (reference, mirrored, tag) => {
      const result = resolve(
        { image: { source: 'external', reference } },
        withMirrorCredentials(),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      expect(result.values.image).toMatchObject({
        source: 'external',
        repository: mirrored,
        tag,
        upstream: reference,
      });
    },
  );

  it('keeps the digest of an external image pinned by digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const result = resolve({
      image: { source: 'external', reference: `quay.io/acme/api@${digest}` },
    });
    if (!result.ok) throw new Error('refused');
    expect(result.values.image).toMatchObject({ tag: '', digest });
  });

  it('takes an image built elsewhere through the pull-through cache and writes no CI', () => {
    const result = resolve(
      { image: 'docker.io/zylwin/phl-store:1.2.3' },
      withMirrorCredentials(),
    );
    if (!result.ok) throw new Error('refused');
    expect(result.values.image).toEqual({
      source: 'external',
      repository:
        '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/shop/zylwin/phl-store',
      tag: '1.2.3',
      digest: '',
      fromHub: false,
      upstream: 'docker.io/zylwin/phl-store:1.2.3',
    });
    expect(result.values.ci).toBeNull();
    expect(result.values.serviceConfig).not.toHaveProperty('ci');
    expect(result.values.serviceConfig).toMatchObject({
      image: {
        source: 'external',
        reference: 'docker.io/zylwin/phl-store:1.2.3',
      },
    });
  });

  it('pulls an image built elsewhere from its hub mirror and writes no CI', () => {
    const result = resolve({ image: 'quay.io/zylwin/phl-store:1.2.3' });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.image).toEqual({
      source: 'external',
      repository:
        '111122223333.dkr.ecr.ap-southeast-3.amazonaws.com/mirror/shop/zylwin/phl-store',
      tag: '1.2.3',
      digest: '',
      fromHub: false,
      upstream: 'quay.io/zylwin/phl-store:1.2.3',
    });
    expect(result.values.ci).toBeNull();
    expect(result.values.serviceConfig).toMatchObject({
      image: {
        source: 'external',
        reference: 'quay.io/zylwin/phl-store:1.2.3',
      },
    });
  });

  it('mirrors Docker Hub only when the hub has its credential', () => {
    const registry = fixtures.registry();
    expect(
      resolve({ image: 'zylwin/phl-store:latest' }, registry),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'image.reference', rule: 'mirror-credential' }],
    });
    (registry.hub.ecr as any).upstreamCredentials = {
      'docker.io':
        'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:ecr-pullthroughcache/docker-hub-Ab12Cd',
    };
    const result = resolve({ image: 'zylwin/phl-store:latest' }, registry);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.image.repository).toMatch(
      /\/mirror\/shop\/zylwin\/phl-store$/,
    );
  });

  it('takes password authentication with its rotated secret, and DDL only when asked', () => {
    const result = resolve({
      name: 'phl-store',
      database: true,
      databaseAuth: 'password',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.database).toEqual({
      schema: 'phl_store',
      user: 'phl_store',
      auth: 'password',
      ddl: false,
      secretName: 'services/phl-store/database',
    });
    const nested = resolve({
      name: 'phl-store',
      database: { auth: 'password', ddl: true },
    });
    if (!nested.ok) throw new Error(JSON.stringify(nested.issues));
    expect(nested.values.serviceConfig.database).toEqual({
      schema: 'phl_store',
      user: 'phl_store',
      auth: 'password',
      ddl: true,
    });
  });

  it('allows calls to other services on shared spokes and HTTPS hosts, and derives the 443 CIDRs', () => {
    const registry = fixtures.registry();
    const others = [
      {
        name: 'catalog',
        owner: 'group:default/storefront-team',
        environments: ['dev'],
      },
    ];
    const result = resolveServiceRequest(
      {
        ...base,
        egressServices: [{ name: 'catalog', port: 8080 }],
        egressHttps: ['api.stripe.com'],
      },
      { registry, services: others as any, repository },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.egress).toEqual({
      services: [{ name: 'catalog', namespace: 'catalog', port: 8080 }],
      https: ['api.stripe.com'],
    });
    expect(result.values.environments[0].httpsCidrs).toEqual(['0.0.0.0/0']);
    const closed = resolve({});
    if (!closed.ok) throw new Error('refused');
    expect(closed.values.environments[0].httpsCidrs).toEqual([
      '10.1.0.0/16',
      registry.hub.network.cidr,
    ]);
  });

  it('tags the load balancer per environment and puts the team in its own Argo CD project', () => {
    const result = resolve({ system: 'system:default/storefront' });
    if (!result.ok) throw new Error('refused');
    expect(result.values.environments[0].loadBalancerTags).toBe(
      'Project=platform,Service=shop,Environment=dev,Owner=storefront-team,Tenant=storefront',
    );
    expect(result.values.project).toEqual({
      name: 'team-storefront-team',
      destinations: [
        { cluster: 'dev', namespace: 'shop' },
        { cluster: 'prod', namespace: 'shop' },
      ],
    });
    expect(result.values.environments.map(e => e.autoSync)).toEqual([
      true,
      false,
    ]);
  });

  it('derives each environment from the registry: subnets, hosts, names', () => {
    const result = resolve({
      exposure: 'public',
      host: 'shop.app.piksel.big.go.id',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [dev, prod] = result.values.environments;
    expect(dev).toMatchObject({
      name: 'dev',
      applicationName: 'shop-dev',
      host: 'shop.dev.app.piksel.big.go.id',
      vpcCidr: '10.1.0.0/16',
      publicSubnets: ['10.1.128.0/24', '10.1.129.0/24'],
      databaseSubnets: ['10.1.130.0/24', '10.1.131.0/24'],
    });
    expect(prod.host).toBe('shop.prod.app.piksel.big.go.id');
    expect(prod.publicSubnets).toHaveLength(3);
  });

  it('refuses a public host in a zone an environment does not list, naming the spoke and its file', () => {
    const registry = publicRegistry();
    (registry.spokes.find(s => s.name === 'dev')!.dns as any).publicZones = [];
    const result = resolve(
      { exposure: 'public', host: 'shop.app.piksel.big.go.id' },
      registry,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        field: 'host',
        rule: 'spoke-public-zone',
        message:
          'spoke dev does not list app.piksel.big.go.id in dns.publicZones (spokes/dev.yaml), so it has no certificate or zone for shop.dev.app.piksel.big.go.id',
      },
    ]);
  });

  it('picks the longest public zone that holds the host', () => {
    const result = resolve({
      exposure: 'public',
      host: 'shop.app.piksel.big.go.id',
    });
    if (!result.ok) throw new Error('refused');
    expect(result.values.publicZone).toBe('app.piksel.big.go.id');
  });

  it('defaults the database schema and user from the name', () => {
    const result = resolve({ name: 'phl-store', database: true });
    if (!result.ok) throw new Error('refused');
    expect(result.values.database).toEqual({
      schema: 'phl_store',
      user: 'phl_store',
      auth: 'iam',
      ddl: false,
      secretName: '',
    });
  });

  it('takes database.auth password and writes it to the service file, whose stacks create the user', () => {
    const result = resolve({
      name: 'phl-store',
      database: { enabled: true, auth: 'password', user: 'store' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.values.database).toEqual({
      schema: 'phl_store',
      user: 'store',
      auth: 'password',
      ddl: false,
      secretName: 'services/phl-store/database',
    });
    expect(result.values.serviceConfig.database).toEqual({
      schema: 'phl_store',
      user: 'store',
      auth: 'password',
      ddl: false,
    });
  });

  it('reads database.enabled false as no database', () => {
    const result = resolve({ database: { enabled: false, auth: 'password' } });
    if (!result.ok) throw new Error('refused');
    expect(result.values.database).toBeNull();
  });

  it('stamps the template and its version', () => {
    const result = resolveServiceRequest(base, {
      registry: fixtures.registry(),
      services: [],
      repository,
      template: { ref: 'template:default/new-service', version: '2.0.0' },
    });
    if (!result.ok) throw new Error('refused');
    expect(result.values.template).toEqual({
      ref: 'template:default/new-service',
      version: '2.0.0',
      header:
        'Generated by template:default/new-service backstage.io/template-version=2.0.0.',
    });
  });

  it.each([
    [{ port: 0 }, 'port port-range'],
    [{ port: '65536' }, 'port port-range'],
    [{ minReplicas: 0 }, 'minReplicas replica-range'],
    [{ minReplicas: 4, maxReplicas: 3 }, 'maxReplicas replica-order'],
    [{ maxReplicas: 51 }, 'maxReplicas replica-range'],
    [{ owner: 'storefront team' }, 'owner group-ref'],
    [{ system: 'group:default/x' }, 'system system-ref'],
    [{ environments: [] }, 'environments required'],
    [{ environments: ['group:default/dev'] }, 'environments.0 spoke-ref'],
    [{ environments: ['qa'] }, 'environments.0 known-spoke'],
    [{ exposure: 'partner' }, 'exposure one-of'],
    [{ exposure: 'public' }, 'host required'],
    [{ exposure: 'public', host: 'shop.example.com' }, 'host public-zone'],
    [
      { exposure: 'public', host: 'a.b.app.piksel.big.go.id' },
      'host single-label',
    ],
    [{ image: 'Zylwin/PHL' }, 'image.reference image-reference'],
    [
      { image: { source: 'external', reference: 'registry.example.com/a:1' } },
      'image.reference pull-through-cache',
    ],
    [{ image: { source: 'external' } }, 'image.reference required'],
    [{ image: { source: 'elsewhere' } }, 'image.source one-of'],
    [
      { image: 'zylwin/phl-store', createRepository: true },
      'createRepository needs-hub-image',
    ],
    [{ database: { enabled: true, auth: 'kerberos' } }, 'database.auth one-of'],
    [{ configKeys: ['ok', '1bad'] }, 'configKeys.1 config-key'],
    [{ configKeys: ['a', 'a'] }, 'configKeys.1 unique-config-key'],
    [{ configKeys: ['database'] }, 'configKeys.0 reserved-config-key'],
    [{ healthCheckPath: 'healthz' }, 'healthCheckPath http-path'],
    [{ database: true, databaseUser: 'x'.repeat(33) }, 'databaseUser format'],
    [{ database: true, databaseAuth: 'kerberos' }, 'database.auth one-of'],
    [
      { database: true, databaseAuth: 'password', configKeys: ['port'] },
      'configKeys.0 reserved-config-key',
    ],
    [{ imageSource: 'both' }, 'image.source one-of'],
    [{ imageSource: 'external' }, 'image.reference required'],
    [
      { image: 'registry.example.com/x:1' },
      'image.reference pull-through-cache',
    ],
    [
      { egressServices: [{ name: 'nope', port: 80 }] },
      'egress.services.0.name known-service',
    ],
    [{ egressHttps: ['not a host'] }, 'egress.https.0 host-name'],
  ])('refuses %j with %s', (change, expected) => {
    expect(refusals(change)).toContain(expected);
  });

  it('reports every problem at once', () => {
    expect(
      refusals({ name: 'Bad', port: 0, environments: ['qa'] }).sort(),
    ).toEqual(['name lower-case', 'port port-range']);
    expect(refusals({ port: 0, environments: ['qa'] }).sort()).toEqual([
      'environments.0 known-spoke',
      'port port-range',
    ]);
  });

  it('refuses a database on a spoke without the RDS Data API', () => {
    const registry = fixtures.registry();
    registry.spokes[0].aurora.engineVersion = '8.0.mysql_aurora.3.04.0';
    const result = resolve(
      { database: true, environments: [registry.spokes[0].name] },
      registry,
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          field: 'database',
          rule: 'data-api-engine-version',
        }),
      ],
    });
  });
});

describe('environmentHost', () => {
  it("puts the label in the spoke's own subdomain, prod included", () => {
    expect(environmentHost('shop', 'app.example.com', { name: 'prod' })).toBe(
      'shop.prod.app.example.com',
    );
    expect(
      environmentHost('shop', 'app.example.com', { name: 'staging' }),
    ).toBe('shop.staging.app.example.com');
  });
});
