import { SpokeStatus, statusTransitions } from './transitions';

const at = (spoke: string, status: SpokeStatus['status']): SpokeStatus => ({
  spoke,
  entityRef: `system:default/${spoke}`,
  status,
  summary: `${spoke} is ${status}`,
});

describe('statusTransitions', () => {
  it('tells a spoke turning critical and one recovering, nothing else', () => {
    expect(
      statusTransitions(
        [at('dev', 'ok'), at('staging', 'critical'), at('prod', 'warning')],
        [at('dev', 'critical'), at('staging', 'ok'), at('prod', 'ok')],
      ),
    ).toEqual([
      { ...at('dev', 'critical'), kind: 'critical', previous: 'ok' },
      { ...at('staging', 'ok'), kind: 'recovered', previous: 'critical' },
    ]);
  });

  it('tells a new spoke only when it is critical, and stays quiet while critical or unknown', () => {
    expect(
      statusTransitions(
        [at('staging', 'critical'), at('prod', 'critical')],
        [
          at('new', 'critical'),
          at('other', 'ok'),
          at('staging', 'critical'),
          at('prod', 'unknown'),
        ],
      ).map(t => [t.spoke, t.kind, t.previous]),
    ).toEqual([['new', 'critical', undefined]]);
  });
});
