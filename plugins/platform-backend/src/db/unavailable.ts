import { ServiceUnavailableError } from '@backstage/errors';

/** Error codes meaning "cannot reach the database" (Node sockets, PostgreSQL SQLSTATE). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

const UNREACHABLE_MESSAGE =
  /Connection terminated|connection (?:is )?(?:closed|ended|refused)|Client has encountered a connection error|Timeout acquiring a connection|database is locked|the database system is (?:starting up|shutting down)/i;

/** Raised by {@link withDatabaseTimeout} when the database does not answer in time. */
export class DatabaseTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Whether an error means the database cannot be reached (as opposed to a bug in a query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string };
  if (!e) return false;
  if (e.name === 'KnexTimeoutError' || e.name === 'DatabaseTimeoutError') {
    return true;
  }
  const code = String(e.code ?? '');
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true;
  return UNREACHABLE_MESSAGE.test(String(e.message ?? ''));
}

/** A database outage as a 503 whose message says so; any other error unchanged. */
export function toServiceUnavailable(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const detail =
    (error as { code?: string }).code ??
    (error as Error).message ??
    String(error);
  return new ServiceUnavailableError(
    `The spoke health database is unreachable (${detail}); spoke health will be served again as soon as it is back`,
  );
}

/**
 * Runs a store call with a deadline; when the database is unreachable, the
 * error becomes a 503 whose message says so. Nothing is cached about the
 * outage: the next request tries again, so the API recovers by itself.
 */
export async function withDatabaseTimeout<T>(
  operation: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      operation(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new DatabaseTimeoutError(timeoutMs)),
          timeoutMs,
        );
      }),
    ]);
  } catch (e) {
    throw toServiceUnavailable(e);
  } finally {
    clearTimeout(timer);
  }
}
