/**
 * Spoke health backend: EKS, Transit Gateway and Aurora checks per spoke,
 * refreshed on the scheduler, stored with history, served over REST at
 * `/api/platform`.
 *
 * @packageDocumentation
 */
export { platformPlugin as default } from './plugin';
export { HEALTH_REFRESH_TASK_ID, partitionTaskId } from './plugin';
export { readHealthConfig } from './config';
export type { HealthConfig, AwsCallConfig } from './config';
export {
  requestConditions,
  createRequestConditionalDecision,
} from './requests/permissionRules';
