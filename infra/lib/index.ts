export { buildApp, HUB_STACK_NAME, spokeStackName } from './app';
export type { BuildAppOptions, PlatformApp } from './app';
export type { InfraHub, InfraRegistry, InfraSpoke } from './registry';
export { HubStack } from './stacks/hub-stack';
export type { HubStackProps } from './stacks/hub-stack';
export { SpokeStack } from './stacks/spoke-stack';
export type { SpokeStackProps } from './stacks/spoke-stack';
