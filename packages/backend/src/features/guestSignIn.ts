/*
 * Guest sign-in exists only in the local default. The guest provider module is
 * loaded when the configuration declares `auth.providers.guest` (only
 * app-config.development.yaml does), and a production start that declares it
 * anyway stops instead of handing out guest tokens.
 */
import {
  BackendFeature,
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export const GUEST_PROVIDER_KEY = 'auth.providers.guest';

/**
 * Whether this start may offer guest sign-in.
 *
 * @throws Error naming the key and the reason when the configuration asks for guest
 *   sign-in in production.
 */
export function wantsGuestSignIn(
  config: Config,
  nodeEnv: string | undefined,
): boolean {
  if (!config.has(GUEST_PROVIDER_KEY)) return false;
  const authEnvironment = config.getOptionalString('auth.environment');
  if (nodeEnv === 'production' || authEnvironment === 'production') {
    throw new Error(
      `${GUEST_PROVIDER_KEY} is configured in a production start (NODE_ENV=${
        nodeEnv ?? ''
      }, auth.environment=${
        authEnvironment ?? ''
      }). Guest sign-in belongs to the local default only (app-config.development.yaml); remove ${GUEST_PROVIDER_KEY} from the production configuration.`,
    );
  }
  return true;
}

/**
 * Adds the guest provider module to the local default, and to nothing else. The
 * module is imported only when it is wanted, so a production start never loads it.
 */
export function createGuestSignInFeatures(
  load: () => Promise<{ default: BackendFeature }> = () =>
    import('@backstage/plugin-auth-backend-module-guest-provider'),
): BackendFeature {
  return createBackendFeatureLoader({
    deps: { config: coreServices.rootConfig },
    *loader({ config }) {
      if (wantsGuestSignIn(config, process.env.NODE_ENV)) yield load();
    },
  });
}

export const guestSignInFeatures = createGuestSignInFeatures();
