import {
  ComponentHealth,
  HEALTH_COMPONENT_TITLES,
  HEALTH_COMPONENTS,
  HealthCheckResult,
  HealthComponent,
  HealthStatus,
  SpokeHealth,
  SpokeIdentity,
} from './types';

/**
 * How bad a status is when rolling up. `unknown` ranks above `ok` (we cannot say
 * it is fine) but below `warning`: a known problem is more useful to show first
 * than a blind spot, and the summary still counts the unknown checks.
 */
const SEVERITY: Record<HealthStatus, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/** The worst of the statuses; `unknown` when there are none. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus | undefined;
  for (const status of statuses) {
    if (!worst || SEVERITY[status] > SEVERITY[worst]) worst = status;
  }
  return worst ?? 'unknown';
}

/** Compares statuses by severity, worst first (for sorting). */
export function compareStatusSeverity(
  a: HealthStatus,
  b: HealthStatus,
): number {
  return SEVERITY[b] - SEVERITY[a];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summarise(
  items: Array<{ title: string; status: HealthStatus; summary: string }>,
  status: HealthStatus,
  noun: string,
): string {
  if (items.length === 0) return `No ${noun}s ran`;
  if (status === 'ok') return `All ${plural(items.length, noun)} ok`;
  const worst = items.filter(i => i.status === status);
  const parts = worst.map(i => `${i.title}: ${i.summary}`);
  const unknown = items.filter(i => i.status === 'unknown').length;
  if (status !== 'unknown' && unknown > 0) {
    parts.push(`${plural(unknown, noun)} unknown`);
  }
  return parts.join('; ');
}

/** Rolls a component's checks up: the worst status, and why. */
export function rollUpComponent(
  component: HealthComponent,
  checks: HealthCheckResult[],
): ComponentHealth {
  const status = worstStatus(checks.map(c => c.status));
  return {
    component,
    title: HEALTH_COMPONENT_TITLES[component],
    status,
    summary: summarise(checks, status, 'check'),
    checks,
  };
}

/** Rolls a spoke's components up: the worst status, and which components say why. */
export function rollUpSpoke(
  identity: SpokeIdentity,
  components: ComponentHealth[],
  refreshedAt: string,
): SpokeHealth {
  const status = worstStatus(components.map(c => c.status));
  return {
    ...identity,
    status,
    summary: summarise(components, status, 'component'),
    refreshedAt,
    components,
  };
}

/** Groups checks by component (in {@link HEALTH_COMPONENTS} order) and rolls them up. */
export function rollUpChecks(
  identity: SpokeIdentity,
  checks: HealthCheckResult[],
  refreshedAt: string,
  components: readonly HealthComponent[] = HEALTH_COMPONENTS,
): SpokeHealth {
  return rollUpSpoke(
    identity,
    components.map(component =>
      rollUpComponent(
        component,
        checks.filter(c => c.component === component),
      ),
    ),
    refreshedAt,
  );
}
