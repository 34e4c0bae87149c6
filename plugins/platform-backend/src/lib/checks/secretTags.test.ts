import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import { checkSecretTags } from './drift';

const tagged = (name: string, tags: Record<string, string>) => ({
  Name: name,
  ARN: `arn:aws:secretsmanager:ap-southeast-3:333344445555:secret:${name}-AbCdEf`,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});
const ALL = {
  Project: 'piksel',
  Service: 'grafana',
  Environment: 'staging',
  Owner: 'platform-team',
  Tenant: 'Auth0',
};

describe('secrets carry the mandatory tags', () => {
  it('is not reported when the secrets were not collected', () => {
    expect(checkSecretTags(healthyInput())).toEqual([]);
  });

  it('is ok when every secret has the five tags', () => {
    const input = healthyInput();
    input.observations.secrets = observed([
      tagged('piksel/staging/grafana/oauth', ALL),
    ]);
    expect(checkSecretTags(input)).toEqual([
      expect.objectContaining({
        id: 'drift.secret-tags',
        component: 'drift',
        status: 'ok',
        summary: 'All 1 secret(s) carry the five mandatory tags',
      }),
    ]);
  });

  it('warns naming each secret and the tags it lacks, three at most, then counts the rest', () => {
    const input = healthyInput();
    const { Owner: _o, Tenant: _t, ...noOwnerTenant } = ALL;
    input.observations.secrets = observed([
      tagged('d', {}),
      tagged('a', noOwnerTenant),
      tagged('ok', ALL),
      tagged('c', { ...ALL, Service: ' ' }),
      tagged('b', { Project: 'piksel' }),
    ]);
    const [result] = checkSecretTags(input);
    expect(result.status).toBe('warning');
    expect(result.summary).toBe(
      "4 secret(s) lack mandatory tags: a (no Owner, Tenant); b (no Service, Environment, Owner, Tenant); c (no Service) and 1 more. Add the tags (seed 000's runbook), or create secrets with the New secret template",
    );
    expect(result.details.untagged).toHaveLength(4);
  });

  it('is unknown with the reason when the listing failed', () => {
    const input = healthyInput();
    input.observations.secrets = failure({
      kind: 'access-denied',
      operation: 'secretsmanager:ListSecrets',
      reason: 'secretsmanager:ListSecrets was denied',
    });
    expect(checkSecretTags(input)).toEqual([
      expect.objectContaining({
        status: 'unknown',
        summary: 'secretsmanager:ListSecrets was denied',
      }),
    ]);
  });
});
