import { fixtures } from './fixtures';
import { RegistryValidationError } from './RegistryValidationError';
import {
  parseServices,
  SERVICE_NAME_MAX_LENGTH,
  serviceNameIssues,
  serviceResourceNames,
  supportsDataApi,
  validateService,
} from './service';

const phlStore = {
  name: 'phl-store',
  owner: 'group:default/storefront-team',
  environments: ['dev', 'prod'],
  ci: { repository: 'phl-store' },
  database: { schema: 'phl_store', user: 'phl_store' },
};

function rules(issues: { field: string; rule: string }[]): string[] {
  return issues.map(i => `${i.field} ${i.rule}`);
}

describe('serviceNameIssues', () => {
  it('accepts a lower-case DNS label', () => {
    expect(serviceNameIssues('phl-store')).toEqual([]);
  });

  it('refuses upper-case letters, naming the field', () => {
    const issues = serviceNameIssues('PhlStore');
    expect(rules(issues)).toEqual(['name lower-case']);
    expect(issues[0].message).toMatch(/upper-case/);
  });

  it('refuses names that are not DNS labels', () => {
    expect(rules(serviceNameIssues('1store'))).toEqual(['name dns-label']);
    expect(rules(serviceNameIssues('store-'))).toEqual(['name dns-label']);
    expect(rules(serviceNameIssues('phl_store'))).toEqual(['name dns-label']);
  });

  it('refuses names longer than the limit and accepts one at the limit', () => {
    const atLimit = `a${'b'.repeat(SERVICE_NAME_MAX_LENGTH - 1)}`;
    expect(serviceNameIssues(atLimit)).toEqual([]);
    expect(rules(serviceNameIssues(`${atLimit}c`))).toEqual([
      'name max-length',
    ]);
  });

  it('refuses reserved names and prefixes', () => {
    expect(rules(serviceNameIssues('default'))).toEqual(['name reserved']);
    expect(rules(serviceNameIssues('argocd'))).toEqual(['name reserved']);
    expect(rules(serviceNameIssues('kube-proxy2'))).toEqual(['name reserved']);
    expect(rules(serviceNameIssues('aws-thing'))).toEqual(['name reserved']);
  });

  it('uses the field name it is given', () => {
    expect(rules(serviceNameIssues('', 'values.name'))).toEqual([
      'values.name required',
    ]);
  });
});

describe('validateService', () => {
  const registry = fixtures.registry();

  it('accepts a service on known spokes', () => {
    const result = validateService(registry, [], phlStore);
    expect(result).toMatchObject({
      ok: true,
      file: 'services/phl-store.yaml',
    });
  });

  it('refuses unknown spokes and duplicate environments', () => {
    const result = validateService(registry, [], {
      ...phlStore,
      environments: ['dev', 'qa', 'dev'],
    });
    expect(rules(result.issues)).toEqual([
      'environments.1 known-spoke',
      'environments.2 unique-environment',
    ]);
  });

  it('refuses a name that an existing service, a spoke or an ECR repository has', () => {
    const existing = validateService(registry, [], phlStore);
    if (!existing.ok) throw new Error('fixture invalid');
    expect(
      rules(validateService(registry, [existing.service], phlStore).issues),
    ).toContain('name unique-name');
    expect(
      rules(
        validateService(registry, [], { ...phlStore, name: 'staging' }).issues,
      ),
    ).toEqual(['name reserved']);
  });

  it('refuses a database user another service uses on the same spoke', () => {
    const other = {
      ...phlStore,
      name: 'phl-orders',
      database: { schema: 'orders', user: 'phl_store' },
    };
    const first = validateService(registry, [], phlStore);
    if (!first.ok) throw new Error('fixture invalid');
    const result = validateService(registry, [first.service], other);
    expect(rules(result.issues)).toEqual(['database.user unique-db-user']);
  });

  it('names the field of schema errors', () => {
    const result = validateService(registry, [], {
      ...phlStore,
      database: { schema: 'Bad-Schema', user: 'x'.repeat(40) },
      extra: true,
    });
    expect(rules(result.issues).sort()).toEqual([
      'database.schema format',
      'database.user format',
      'extra unknown-field',
    ]);
  });

  it('refuses an Argo CD application name over 63 characters', () => {
    const longSpoke = fixtures.registry();
    const spoke = { ...longSpoke.spokes[0], name: `d${'e'.repeat(40)}` };
    longSpoke.spokes.push(spoke);
    const result = validateService(longSpoke, [], {
      ...phlStore,
      name: `p${'q'.repeat(29)}`,
      environments: [spoke.name],
    });
    expect(rules(result.issues)).toEqual([
      'environments.0 application-name-length',
    ]);
  });

  it('refuses a database on a spoke whose Aurora has no Data API', () => {
    const old = fixtures.registry();
    old.spokes[0].aurora.engineVersion = '8.0.mysql_aurora.3.05.2';
    const result = validateService(old, [], {
      ...phlStore,
      environments: [old.spokes[0].name],
    });
    expect(rules(result.issues)).toEqual(['database data-api-engine-version']);
  });
});

describe('parseServices', () => {
  const registry = fixtures.registry();
  const yaml = (o: object) => JSON.stringify(o);

  it('parses files sorted by name', () => {
    const services = parseServices(registry, [
      { path: 'services/phl-store.yaml', content: yaml(phlStore) },
      {
        path: 'services/api.yaml',
        content: yaml({ ...phlStore, name: 'api', database: undefined }),
      },
    ]);
    expect(services.map(s => s.name)).toEqual(['api', 'phl-store']);
  });

  it('throws naming the file, the field and the rule', () => {
    expect(() =>
      parseServices(registry, [
        { path: 'services/other.yaml', content: yaml(phlStore) },
      ]),
    ).toThrow(/services\/other\.yaml: name \[name-matches-file\]/);
    let error: unknown;
    try {
      parseServices(registry, [
        { path: 'services/x.yaml', content: 'name: [' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryValidationError);
    expect((error as RegistryValidationError).issues[0].rule).toBe(
      'yaml-syntax',
    );
  });
});

describe('helpers', () => {
  it('compares Aurora versions against the Data API minimum', () => {
    expect(supportsDataApi('8.0.mysql_aurora.3.07.0')).toBe(true);
    expect(supportsDataApi('8.0.mysql_aurora.3.08.0')).toBe(true);
    expect(supportsDataApi('8.0.mysql_aurora.3.06.9')).toBe(false);
    expect(supportsDataApi('8.0.mysql_aurora.4.00.0')).toBe(true);
    expect(supportsDataApi('nonsense')).toBe(false);
  });

  it('derives every resource name from the service name', () => {
    const names = serviceResourceNames('phl-store');
    expect(names).toMatchObject({
      namespace: 'phl-store',
      serviceAccount: 'phl-store',
      ecrRepository: 'phl-store',
      pushRoleName: 'github-push-phl-store',
      configSecretName: 'services/phl-store/config',
    });
    expect(names.applicationName('dev')).toBe('phl-store-dev');
  });
});
