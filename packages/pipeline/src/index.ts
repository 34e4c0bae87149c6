/**
 * The platform pipeline as a library: what other workspace packages hold the
 * pipeline to (the infra tests check the hub stack's outputs against what the
 * pipeline records). The workflows use the CLI (`bin/platform-pipeline.js`).
 */
export { HUB_STACK_NAME, hubDeployedFromOutputs } from './hubOutputs';
export type { HubShape } from './hubOutputs';
