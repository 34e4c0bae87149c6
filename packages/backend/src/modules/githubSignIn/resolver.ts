import { NotAllowedError } from '@backstage/errors';
import {
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import type { GithubProfile } from '@backstage/plugin-auth-backend-module-github-provider';

/** Set on User entities by @backstage/plugin-catalog-backend-module-github-org. */
export const GITHUB_USER_LOGIN_ANNOTATION = 'github.com/user-login';
/** The immutable GraphQL node id of the same user, set by the same provider. */
export const GITHUB_USER_ID_ANNOTATION = 'github.com/user-id';

/**
 * Signs a GitHub user in as the catalog User whose `github.com/user-login`
 * annotation equals their login; nobody else, and never by a display name or an
 * entity name. When the entity also carries `github.com/user-id` (the org provider
 * sets both), the profile's node id must match it too, so a login that was renamed
 * and then taken by someone else does not inherit the old entity.
 */
export const loginMatchingUserEntityAnnotation: SignInResolver<
  OAuthAuthenticatorResult<GithubProfile>
> = async (info, ctx) => {
  const { fullProfile } = info.result;
  const login = fullProfile.username;
  if (!login) {
    throw new NotAllowedError('The GitHub profile carries no login');
  }
  const { entity } = await ctx.findCatalogUser({
    annotations: { [GITHUB_USER_LOGIN_ANNOTATION]: login },
  });
  const expectedId = entity.metadata.annotations?.[GITHUB_USER_ID_ANNOTATION];
  if (expectedId && expectedId !== fullProfile.nodeId) {
    throw new NotAllowedError(
      `The catalog user for GitHub login '${login}' belongs to another GitHub account (${GITHUB_USER_ID_ANNOTATION} differs)`,
    );
  }
  return ctx.signInWithCatalogUser({
    entityRef: {
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    },
  });
};

/** The factory the `signIn.resolvers` config names. */
export const portalGithubSignInResolvers = {
  loginMatchingUserEntityAnnotation: createSignInResolverFactory({
    create() {
      return loginMatchingUserEntityAnnotation;
    },
  }),
};
