import { githubAuthApiRef } from '@backstage/core-plugin-api';
import type { SignInProviderConfig } from '@backstage/core-components';

/** The sign-in methods this portal offers, by the id used in `app.signInProviders`. */
export type SignInProviderId = 'guest' | 'github';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Turns the configured provider ids into what Backstage's SignInPage takes.
 * Rejects unknown ids by name so a typo in app-config fails loudly instead of
 * silently showing an empty sign-in page.
 */
export function resolveSignInProviders(
  configured: string[] | undefined,
): Array<'guest' | SignInProviderConfig> {
  const ids = configured && configured.length > 0 ? configured : ['guest'];
  return ids.map(id => {
    if (id === 'guest') return 'guest';
    if (id === 'github') return githubProvider;
    throw new Error(
      `app.signInProviders: unknown provider '${id}'; allowed values are 'guest' and 'github'`,
    );
  });
}
