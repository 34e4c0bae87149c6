import { fixtures } from './fixtures';
import { nextFreeCidr } from './nextFreeCidr';
import { Registry } from './schema';

function withCidrs(hubCidr: string, spokeCidrs: string[]): Registry {
  const registry = fixtures.registry();
  registry.hub.network.cidr = hubCidr;
  const template = registry.spokes[0];
  registry.spokes = spokeCidrs.map((cidr, i) => ({
    ...template,
    name: `s${i}`,
    network: { ...template.network, cidr },
  }));
  return registry;
}

describe('nextFreeCidr', () => {
  it('skips the hub and the three sample spokes to return 10.4.0.0/16', () => {
    expect(nextFreeCidr(fixtures.registry(), 16)).toBe('10.4.0.0/16');
  });

  it('fills the lowest gap rather than the block after the highest', () => {
    expect(
      nextFreeCidr(
        withCidrs('10.0.0.0/16', ['10.2.0.0/16', '10.9.0.0/16']),
        16,
      ),
    ).toBe('10.1.0.0/16');
  });

  it('skips past a larger used block while staying aligned', () => {
    expect(nextFreeCidr(withCidrs('10.0.0.0/12', []), 16)).toBe('10.16.0.0/16');
    expect(nextFreeCidr(withCidrs('10.0.0.0/16', ['10.1.0.0/24']), 20)).toBe(
      '10.1.16.0/20',
    );
  });

  it('honours a custom supernet and extra exclusions', () => {
    const registry = fixtures.registry();
    expect(nextFreeCidr(registry, 16, { supernet: '172.16.0.0/12' })).toBe(
      '172.16.0.0/16',
    );
    expect(
      nextFreeCidr(registry, 16, {
        supernet: '172.16.0.0/12',
        exclude: ['172.16.0.0/15'],
      }),
    ).toBe('172.18.0.0/16');
  });

  it('never hands out the pod range', () => {
    expect(
      nextFreeCidr(fixtures.registry(), 16, { supernet: '100.64.0.0/15' }),
    ).toBe('100.65.0.0/16');
  });

  it('fails clearly when the supernet is exhausted', () => {
    expect(() =>
      nextFreeCidr(withCidrs('10.0.0.0/16', ['10.1.0.0/16']), 16, {
        supernet: '10.0.0.0/15',
      }),
    ).toThrow(
      'no free /16 left in 10.0.0.0/15: every block overlaps the hub, a spoke or a reserved range',
    );
  });

  it('rejects a prefix wider than the supernet', () => {
    expect(() => nextFreeCidr(fixtures.registry(), 7)).toThrow(
      /prefixLength must be an integer from 8 to 32, got 7/,
    );
  });
});
