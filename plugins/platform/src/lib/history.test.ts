import { SpokeHealthHistoryEntry } from '@internal/plugin-platform-common';
import { historyPoints, statusChanges } from './history';

const entry = (
  refreshedAt: string,
  status: SpokeHealthHistoryEntry['status'],
  tgw: SpokeHealthHistoryEntry['status'],
  summary = `overall ${status}`,
): SpokeHealthHistoryEntry => ({
  refreshedAt,
  status,
  summary,
  components: { eks: 'ok', 'tgw-attachment': tgw, aurora: 'ok' },
});

// Newest first, as the API returns it.
const items = [
  entry('2026-11-23T10:10:00.000Z', 'ok', 'ok'),
  entry(
    '2026-11-23T10:05:00.000Z',
    'critical',
    'critical',
    'VPC attachment: failed',
  ),
  entry('2026-11-23T10:00:00.000Z', 'ok', 'ok'),
];

describe('historyPoints', () => {
  it('orders points oldest first with each series as a severity level', () => {
    const points = historyPoints(items);
    expect(points.map(p => new Date(p.time).toISOString())).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:05:00.000Z',
      '2026-11-23T10:10:00.000Z',
    ]);
    expect(points[1]).toMatchObject({
      overall: 3,
      'tgw-attachment': 3,
      eks: 0,
      aurora: 0,
    });
  });

  it('drops entries whose time cannot be read', () => {
    expect(historyPoints([entry('garbage', 'ok', 'ok')])).toEqual([]);
  });
});

describe('statusChanges', () => {
  it('lists each change newest first, with the reason for overall changes', () => {
    expect(statusChanges(items)).toEqual([
      {
        at: '2026-11-23T10:10:00.000Z',
        series: 'overall',
        from: 'critical',
        to: 'ok',
        summary: 'overall ok',
      },
      {
        at: '2026-11-23T10:10:00.000Z',
        series: 'tgw-attachment',
        from: 'critical',
        to: 'ok',
        summary: 'overall ok',
      },
      {
        at: '2026-11-23T10:05:00.000Z',
        series: 'overall',
        from: 'ok',
        to: 'critical',
        summary: 'VPC attachment: failed',
      },
      {
        at: '2026-11-23T10:05:00.000Z',
        series: 'tgw-attachment',
        from: 'ok',
        to: 'critical',
        summary: 'VPC attachment: failed',
      },
    ]);
  });

  it('has no changes when nothing changed', () => {
    expect(statusChanges([items[0], items[2]])).toEqual([]);
  });
});
