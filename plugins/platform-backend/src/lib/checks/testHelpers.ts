import type { HealthCheckResult } from '@internal/plugin-platform-common';
import { Observed } from '../observations';

/** The value of an observation that a test fixture made successful. */
export function valueOf<T>(o: Observed<T>): T {
  if (!o.ok) throw new Error(`fixture observation failed: ${o.failure.reason}`);
  return o.value;
}

export function byId(
  results: HealthCheckResult[],
  id: string,
): HealthCheckResult {
  const found = results.find(r => r.id === id);
  if (!found) {
    throw new Error(
      `no check ${id} among ${results.map(r => r.id).join(', ')}`,
    );
  }
  return found;
}
