/*
 * GitHub sign-in for production: Backstage's GitHub authenticator (OAuth app, with
 * enterpriseInstanceUrl for GitHub Enterprise) and one resolver, which finds the
 * catalog User by the `github.com/user-login` annotation that the GitHub org
 * provider writes. See resolver.ts and README.md.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { githubAuthenticator } from '@backstage/plugin-auth-backend-module-github-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { portalGithubSignInResolvers } from './resolver';

export const authModuleGithubSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'github-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'github',
          factory: createOAuthProviderFactory({
            authenticator: githubAuthenticator,
            signInResolverFactories: portalGithubSignInResolvers,
          }),
        });
      },
    });
  },
});

export default authModuleGithubSignIn;
