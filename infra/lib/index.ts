export { buildApp, cicdStackName, HUB_STACK_NAME, spokeStackName } from './app';
export { CicdStack } from './stacks/cicd-stack';
export { CicdRoles, CICD_ROLE_NAMES } from './constructs/cicd-roles';
export type { BuildAppOptions, PlatformApp } from './app';
export type { InfraHub, InfraRegistry, InfraSpoke } from './registry';
export { HubStack } from './stacks/hub-stack';
export type { HubStackProps } from './stacks/hub-stack';
export { SpokeStack } from './stacks/spoke-stack';
export type { SpokeStackProps } from './stacks/spoke-stack';
