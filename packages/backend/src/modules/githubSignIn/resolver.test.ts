import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { loginMatchingUserEntityAnnotation } from './resolver';

const ana: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name: 'ana',
    namespace: 'default',
    annotations: {
      'github.com/user-login': 'ana-gh',
      'github.com/user-id': 'MDQ6VXNlcjE=',
    },
  },
  spec: {},
};

function context(users: Entity[]) {
  const signedIn: unknown[] = [];
  const ctx = {
    async findCatalogUser(query: any) {
      const [key, value] = Object.entries(query.annotations)[0];
      const entity = users.find(u => u.metadata.annotations?.[key] === value);
      if (!entity) throw new NotFoundError('User not found');
      return { entity };
    },
    async signInWithCatalogUser(query: any) {
      signedIn.push(query);
      return { token: 'token' };
    },
  } as unknown as AuthResolverContext;
  return { ctx, signedIn };
}

function signIn(username: string | undefined, nodeId?: string) {
  return {
    profile: {},
    result: {
      fullProfile: {
        id: '1',
        provider: 'github',
        displayName: 'x',
        username,
        nodeId,
      },
      session: { accessToken: 'a', tokenType: 'bearer', scope: 'read:user' },
    },
  } as any;
}

describe('loginMatchingUserEntityAnnotation', () => {
  it('signs in the user whose github.com/user-login annotation is the login', async () => {
    const { ctx, signedIn } = context([ana]);
    await loginMatchingUserEntityAnnotation(
      signIn('ana-gh', 'MDQ6VXNlcjE='),
      ctx,
    );
    expect(signedIn).toEqual([
      { entityRef: { kind: 'User', namespace: 'default', name: 'ana' } },
    ]);
  });

  it('does not sign in by entity name', async () => {
    const { ctx } = context([ana]);
    await expect(
      loginMatchingUserEntityAnnotation(signIn('ana', 'MDQ6VXNlcjE='), ctx),
    ).rejects.toThrow('User not found');
  });

  it('refuses a login taken over by another GitHub account', async () => {
    const { ctx, signedIn } = context([ana]);
    await expect(
      loginMatchingUserEntityAnnotation(signIn('ana-gh', 'U_other'), ctx),
    ).rejects.toThrow('belongs to another GitHub account');
    expect(signedIn).toEqual([]);
  });

  it('refuses a profile without a login', async () => {
    const { ctx } = context([ana]);
    await expect(
      loginMatchingUserEntityAnnotation(signIn(undefined), ctx),
    ).rejects.toThrow('no login');
  });
});
