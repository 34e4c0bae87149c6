import { NotAllowedError } from '@backstage/errors';
import {
  assertPlatformTeam,
  identityRefs,
  isPlatformTeamMember,
} from './platformTeam';

describe('identityRefs', () => {
  it("collects the user's ref and every group from relations and spec.memberOf", () => {
    expect(
      identityRefs({
        ref: 'user:default/Ana',
        entity: {
          metadata: { namespace: 'ops' },
          spec: { memberOf: ['platform-team', 'group:other/sre', 'default/x'] },
          relations: [
            { type: 'memberOf', targetRef: 'group:default/engineering' },
            { type: 'ownerOf', targetRef: 'component:default/portal' },
          ],
        },
      }).sort(),
    ).toEqual([
      'group:default/engineering',
      'group:default/x',
      'group:ops/platform-team',
      'group:other/sre',
      'user:default/ana',
    ]);
  });

  it('has nothing for an unknown user', () => {
    expect(identityRefs(undefined)).toEqual([]);
  });
});

describe('isPlatformTeamMember', () => {
  it('matches refs case-insensitively', () => {
    expect(
      isPlatformTeamMember(
        ['group:default/Platform-Team'],
        ['group:default/platform-team'],
      ),
    ).toBe(true);
    expect(
      isPlatformTeamMember(
        ['group:default/payments-team'],
        ['group:default/platform-team'],
      ),
    ).toBe(false);
  });
});

describe('assertPlatformTeam', () => {
  it('lets a listed user through directly, e.g. the local guest', () => {
    expect(() =>
      assertPlatformTeam(
        { ref: 'user:development/guest' },
        ['group:default/platform-team', 'user:development/guest'],
        'platform:spoke:validate',
      ),
    ).not.toThrow();
  });

  it('refuses anyone else, naming the action, the team and the user', () => {
    expect(() =>
      assertPlatformTeam(
        { ref: 'user:default/citra' },
        ['group:default/platform-team'],
        'platform:spoke:render',
      ),
    ).toThrow(
      new NotAllowedError(
        'platform:spoke:render may only be run by the platform team (group:default/platform-team); the task was started by user:default/citra. Members are configured in platform.permissions.platformTeam.',
      ),
    );
  });
});
