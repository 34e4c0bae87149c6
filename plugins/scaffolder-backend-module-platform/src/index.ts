/**
 * Scaffolder actions of the hub-and-spoke platform: validate a new spoke against the
 * registry, render its registry file, and diff the synthesized CloudFormation.
 *
 * @packageDocumentation
 */
export { scaffolderModulePlatform as default } from './module';
export {
  createSpokeValidateAction,
  SPOKE_VALIDATE_ACTION_ID,
} from './actions/spokeValidate';
export {
  createSpokeRenderAction,
  SPOKE_RENDER_ACTION_ID,
} from './actions/spokeRender';
export {
  createSpokeDiffAction,
  SPOKE_DIFF_ACTION_ID,
} from './actions/spokeDiff';
export {
  DEFAULT_PLATFORM_TEAM,
  PLATFORM_TEAM_CONFIG_KEY,
  readPlatformTeam,
} from './config';
export {
  identityRefs,
  isPlatformTeamMember,
  PLATFORM_TEAM_ONLY_TAG,
} from './lib/platformTeam';
export { RegistrySource } from './lib/RegistrySource';
export { synthesizePlatform } from './lib/synthesize';
export type { SynthesizedStack } from './lib/synthesize';

/** Ids of this module's actions, e.g. for permission rules. */
export const PLATFORM_SPOKE_ACTION_IDS = [
  'platform:spoke:validate',
  'platform:spoke:render',
  'platform:spoke:diff',
] as const;
