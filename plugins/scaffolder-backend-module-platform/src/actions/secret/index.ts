export {
  createSecretCreateAction,
  SECRET_CREATE_ACTION_ID,
  SECRET_VALUE_FIELDS,
} from './secretCreate';
export type { SecretCreateActionOptions } from './secretCreate';
export { AwsRunbookSecretStore } from './AwsRunbookSecretStore';
export type {
  SpokeSecretsManager,
  RunbookSecretStore,
} from './AwsRunbookSecretStore';
