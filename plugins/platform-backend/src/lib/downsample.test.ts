import { HistoryRow, hourStart, mergeHourly } from './downsample';

const row = (
  id: number,
  spoke: string,
  iso: string,
  status: HistoryRow['entry']['status'],
  samples: number | null = null,
): HistoryRow => ({
  id,
  spoke,
  refreshedAt: Date.parse(iso),
  samples,
  entry: { refreshedAt: iso, status, summary: status, components: {} },
});

describe('hourStart', () => {
  it('is the start of the UTC hour', () => {
    expect(hourStart(Date.parse('2026-11-16T08:59:59.999Z'))).toBe(
      Date.parse('2026-11-16T08:00:00Z'),
    );
    expect(hourStart(Date.parse('2026-11-16T09:00:00Z'))).toBe(
      Date.parse('2026-11-16T09:00:00Z'),
    );
  });
});

describe('mergeHourly', () => {
  it('groups by spoke and hour, keeps the worst, and counts what it stands for', () => {
    const merges = mergeHourly([
      row(1, 'a', '2026-11-16T08:00:00Z', 'ok'),
      row(2, 'a', '2026-11-16T08:30:00Z', 'unknown'),
      row(3, 'a', '2026-11-16T08:40:00Z', 'warning', 3),
      row(4, 'a', '2026-11-16T09:00:00Z', 'ok'),
      row(5, 'b', '2026-11-16T08:10:00Z', 'ok'),
    ]);
    expect(merges.map(m => [m.keep, m.drop, m.entry.samples])).toEqual([
      [3, [2, 1], 5],
      [4, [], 1],
      [5, [], 1],
    ]);
  });

  it('leaves an hour already merged into one entry alone', () => {
    expect(
      mergeHourly([row(1, 'a', '2026-11-16T08:00:00Z', 'ok', 12)]),
    ).toEqual([]);
  });
});
