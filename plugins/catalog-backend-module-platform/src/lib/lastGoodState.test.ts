import { acceptRegistry, EMPTY_LAST_GOOD } from './acceptRegistry';
import { deserializeLastGood, serializeLastGood } from './lastGoodState';
import { sampleFiles } from '../testUtils/registry';

describe('last good state as JSON', () => {
  const state = () => acceptRegistry(sampleFiles(), EMPTY_LAST_GOOD).lastGood;

  it('round-trips to the same state, configs parsed again', () => {
    const json = JSON.parse(JSON.stringify(serializeLastGood(state())));
    expect(deserializeLastGood(json)).toEqual(state());
  });

  it('stores only paths and file texts', () => {
    const json = serializeLastGood(state());
    expect(Object.keys(json)).toEqual(['version', 'hub', 'spokes']);
    expect(json.hub).toEqual({
      file: 'hub.yaml',
      content: sampleFiles()[0].content,
    });
  });

  it('leaves out a stored file that no longer parses, keeping the rest', () => {
    const json = serializeLastGood(state()) as any;
    json.spokes[0].content = 'name: dev\n';
    const restored = deserializeLastGood(json)!;
    expect(restored.hub?.config.name).toBe('shared');
    expect(restored.spokes.map(s => s.file)).toEqual([
      'spokes/prod.yaml',
      'spokes/staging.yaml',
    ]);
  });

  it.each([
    undefined,
    null,
    'x',
    [],
    { version: 2, spokes: [] },
    { version: 1 },
  ])('reads %j as no stored state', value => {
    expect(deserializeLastGood(value as any)).toBeUndefined();
  });

  it('reads a stored empty state (no valid hub yet) as empty', () => {
    expect(deserializeLastGood(serializeLastGood(EMPTY_LAST_GOOD))).toEqual(
      EMPTY_LAST_GOOD,
    );
  });
});
