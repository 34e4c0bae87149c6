import { AwsError } from './errors';

/** Opaque page tokens: the offset of the next item, tied to the operation. */
export function encodeToken(operation: string, offset: number): string {
  return Buffer.from(JSON.stringify({ op: operation, o: offset })).toString(
    'base64url',
  );
}

export interface PageOptions {
  operation: string;
  token?: string;
  maxResults?: number;
  /** Used when the caller gives no page size. */
  defaultMax: number;
  /** Builds the service's own error for a token it did not issue. */
  invalidToken: (token: string) => AwsError;
}

export function paginate<T>(
  items: T[],
  options: PageOptions,
): { page: T[]; next?: string } {
  let offset = 0;
  if (options.token) {
    try {
      const parsed = JSON.parse(
        Buffer.from(options.token, 'base64url').toString('utf8'),
      );
      if (parsed.op !== options.operation || !Number.isInteger(parsed.o)) {
        throw new Error('foreign token');
      }
      offset = parsed.o;
    } catch {
      throw options.invalidToken(options.token);
    }
  }
  const size = options.maxResults ?? options.defaultMax;
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  return {
    page,
    next:
      nextOffset < items.length
        ? encodeToken(options.operation, nextOffset)
        : undefined,
  };
}
