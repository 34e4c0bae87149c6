import { formatAge, formatDuration, formatTimestamp } from './time';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('formatAge', () => {
  it.each([
    ['2026-11-23T11:59:30.000Z', 'just now'],
    ['2026-11-23T11:56:00.000Z', '4 min ago'],
    ['2026-11-23T09:00:00.000Z', '3 h ago'],
    ['2026-11-22T11:00:00.000Z', '1 day ago'],
    ['2026-11-20T12:00:00.000Z', '3 days ago'],
  ])('says %s is %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });

  it('says so when the time cannot be read', () => {
    expect(formatAge('not a date', now)).toBe('at an unknown time');
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit', () => {
    expect(formatDuration(900)).toBe('15 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(90)).toBe('90 s');
  });
});

describe('formatTimestamp', () => {
  it('prints UTC to the minute', () => {
    expect(formatTimestamp('2026-11-23T10:05:42.000Z')).toBe(
      '2026-11-23 10:05 UTC',
    );
  });
});
