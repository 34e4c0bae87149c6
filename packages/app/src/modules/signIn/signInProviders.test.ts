import { resolveSignInProviders } from './signInProviders';

describe('resolveSignInProviders', () => {
  it('offers guest sign-in when nothing is configured', () => {
    expect(resolveSignInProviders(undefined)).toEqual(['guest']);
    expect(resolveSignInProviders([])).toEqual(['guest']);
  });

  it('maps github to the GitHub auth provider', () => {
    const [github] = resolveSignInProviders(['github']);
    expect(github).toMatchObject({
      id: 'github-auth-provider',
      title: 'GitHub',
    });
  });

  it('keeps the configured order', () => {
    const providers = resolveSignInProviders(['github', 'guest']);
    expect(providers[1]).toBe('guest');
  });

  it('names the setting and the allowed values for an unknown provider', () => {
    expect(() => resolveSignInProviders(['gitlab'])).toThrow(
      "app.signInProviders: unknown provider 'gitlab'; allowed values are 'guest' and 'github'",
    );
  });
});
