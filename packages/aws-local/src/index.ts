/**
 * A local AWS endpoint for development and end-to-end tests: STS, EKS, EC2
 * (Transit Gateway), RDS and Secrets Manager over their real wire protocols,
 * seeded from the platform registry, with a control API for fault injection.
 * Never imported by production code.
 *
 * @packageDocumentation
 */
export { start } from './server';
export type { AwsLocal, StartOptions } from './server';
export { Control, CONTROL_PREFIX } from './control/Control';
export type { FaultRule, FaultInput } from './control/Faults';
export { DEFAULT_PORTAL_EXTERNAL_ID } from './services/RoleTrusts';
export { RESOURCE_KINDS } from './control/Resources';
export type { ResourceRef } from './control/Resources';
export {
  seedFromRegistry,
  seedNames,
  standardAddons,
  emptyData,
  FALLBACK_ACCOUNT,
} from './state/seed';
export type { SeedRegistry } from './state/seed';
export type * from './state/types';
export { FAULT_KINDS } from './lib/errors';
export type { FaultKind } from './lib/errors';
