import { ConfigReader } from '@backstage/config';
import { HealthCheckResult, Registry } from '@internal/plugin-platform-common';
import { DEFAULT_AWS } from '../config';
import { runChecks } from '../lib/checks';
import { targetsFromEntities } from '../lib/spokes';
import { AwsAccess, AwsCallScope } from '../services/aws/AwsAccess';
import { HealthCollector } from '../services/aws/HealthCollector';
import { portalAwsConfig } from './awsLocal';
import { entitiesFromRegistry } from './entities';

/**
 * The portal's AWS access as the collector tests use it: the `aws` config given
 * (the local endpoint's by default), one attempt per call so injected faults
 * surface, eight calls in flight.
 */
export function testAwsAccess(
  aws: ReturnType<typeof portalAwsConfig> = portalAwsConfig(),
  options: { slowChangingTtlMs?: number; now?: () => number } = {},
): AwsAccess {
  return AwsAccess.fromConfig(new ConfigReader({ aws }), {
    config: { ...DEFAULT_AWS, maxAttempts: 1 },
    concurrency: 8,
    ...options,
  });
}

/**
 * Collects every spoke of the registry (as the catalog would list them) through
 * `scope`, and runs every check: the observations, and the checks by spoke and id.
 */
export async function collectAndCheck(
  scope: AwsCallScope,
  registry: Registry,
  checkedAt: Date = new Date(),
) {
  const { hub, spokes } = targetsFromEntities(entitiesFromRegistry(registry));
  const observations = await new HealthCollector(scope).collect({
    hub,
    spokes,
    registry: { ok: true, hub: registry.hub },
  });
  const checks: Record<string, Record<string, HealthCheckResult>> = {};
  for (const spoke of spokes) {
    checks[spoke.name] = Object.fromEntries(
      runChecks({
        spoke,
        hub: hub ?? {},
        registry: {
          ok: true,
          hub: registry.hub,
          spoke: registry.spokes.find(s => s.name === spoke.name),
        },
        observations: observations.get(spoke.name)!,
        now: checkedAt,
      }).map(r => [r.id, r]),
    );
  }
  return { hub, spokes, observations, checks };
}
