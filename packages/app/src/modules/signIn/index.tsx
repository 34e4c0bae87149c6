import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { resolveSignInProviders } from './signInProviders';

/**
 * Replaces the app's default (guest-only) sign-in page with one whose providers come
 * from `app.signInProviders`: guest in the local default, GitHub in production.
 */
const configuredSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      const { configApiRef, useApi } = await import(
        '@backstage/core-plugin-api'
      );
      return function ConfiguredSignInPage(props) {
        const config = useApi(configApiRef);
        const providers = resolveSignInProviders(
          config.getOptionalStringArray('app.signInProviders'),
        );
        return <SignInPage {...props} providers={providers} />;
      };
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [configuredSignInPage],
});
