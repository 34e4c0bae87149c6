import { fixtures, parseRegistry } from '@internal/plugin-platform-common';
import { renderSpokeYaml } from './renderSpokeYaml';

describe('renderSpokeYaml', () => {
  const registry = fixtures.registry();

  it.each(registry.spokes.map(s => [s.name, s]))(
    'writes the %s spoke so that the registry reads it back unchanged',
    (_name, spoke) => {
      const files = fixtures
        .files()
        .map(f =>
          f.path === `spokes/${spoke.name}.yaml`
            ? { ...f, content: renderSpokeYaml(spoke) }
            : f,
        );
      expect(parseRegistry(files)).toEqual(registry);
    },
  );

  it('quotes values that must stay strings and keeps short lists inline', () => {
    const text = renderSpokeYaml(registry.spokes[0]);
    expect(text).toContain("account: '222233334444'");
    expect(text).toContain("version: '1.35'");
    expect(text).toContain(
      'availabilityZones: [ap-southeast-3a, ap-southeast-3b]',
    );
    expect(text).not.toContain('deployed');
  });

  it('puts the header lines first as comments', () => {
    expect(renderSpokeYaml(registry.spokes[0], ['One.', 'Two.'])).toMatch(
      /^# One\.\n# Two\.\n\nname: dev\n/,
    );
  });
});
