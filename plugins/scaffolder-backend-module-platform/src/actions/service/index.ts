import { createServiceDiffAction } from './serviceDiff';
import {
  createServiceValidateAction,
  ServiceActionsOptions,
} from './serviceValidate';

export { createServiceDiffAction, SERVICE_DIFF_ACTION_ID } from './serviceDiff';

export {
  createServiceValidateAction,
  formatServiceRefusal,
  SERVICE_VALIDATE_ACTION_ID,
} from './serviceValidate';
export type { ServiceActionsOptions } from './serviceValidate';
export { resolveServiceRequest, environmentHost } from './serviceRequest';
export type {
  ServiceEnvironment,
  ServiceRequestInput,
  ServiceRequestIssue,
  ServiceValues,
} from './serviceRequest';

/**
 * The New service template's actions, for the module to register with
 * `scaffolderActionsExtensionPoint.addActions(...createServiceActions(options))`.
 * `options` fits the module's own config: `{ registry: RegistrySource, repository }`.
 */
export function createServiceActions(options: ServiceActionsOptions) {
  return [
    createServiceValidateAction(options),
    createServiceDiffAction(options),
  ];
}
