export {
  buildApp,
  cicdStackName,
  HUB_STACK_NAME,
  serviceStackName,
  spokeStackName,
} from './app';
export { CicdStack } from './stacks/cicd-stack';
export { CicdRoles, CICD_ROLE_NAMES } from './constructs/cicd-roles';
export type { BuildAppOptions, PlatformApp } from './app';
export type {
  InfraHub,
  InfraRegistry,
  InfraService,
  InfraSpoke,
} from './registry';
export { HubStack } from './stacks/hub-stack';
export type { HubStackProps } from './stacks/hub-stack';
export { SpokeStack } from './stacks/spoke-stack';
export type { SpokeStackProps } from './stacks/spoke-stack';
export {
  SERVICE_TAG_KEYS,
  SPOKE_PARAMETERS,
  ServiceHubStack,
  ServiceSpokeStack,
  serviceTags,
} from './stacks/service-stacks';
export type { ServiceTags } from './stacks/service-stacks';
