import { InputError } from '@backstage/errors';
import type { HistoryPosition } from '../db/HealthStore';

/**
 * History page cursors: the position of a page's last entry, opaque to callers
 * (base64url JSON) so the paging key can change without changing the API.
 */
export function encodeHistoryCursor(position: HistoryPosition): string {
  return Buffer.from(
    JSON.stringify({ t: position.refreshedAt, i: position.id }),
  ).toString('base64url');
}

/** The position in a cursor; InputError (400) for anything this API did not hand out. */
export function decodeHistoryCursor(cursor: string): HistoryPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const { t, i } = (value ?? {}) as { t?: unknown; i?: unknown };
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(i)) {
    throw new InputError(
      'Invalid query parameter cursor: pass the nextCursor of the previous page as it was',
    );
  }
  return { refreshedAt: t as number, id: i as number };
}
