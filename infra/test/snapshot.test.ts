import { sampleRegistry, synth } from './helpers';

/** Strips what changes without a meaningful change: asset hashes. */
function normalise(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template).replace(
      /[0-9a-f]{64}(\.zip|\.json)?/g,
      '<asset-hash>',
    ),
  );
}

const registry = sampleRegistry();
const synthesized = synth(registry);

describe('stack snapshots', () => {
  it('matches the hub stack snapshot', () => {
    expect(normalise(synthesized.hub.toJSON())).toMatchSnapshot();
  });

  it.each(registry.spokes.map(s => s.name))(
    'matches the %s spoke stack snapshot',
    name => {
      expect(normalise(synthesized.spoke(name).toJSON())).toMatchSnapshot();
    },
  );
});
