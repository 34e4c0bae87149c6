/**
 * An AWS error as a protocol-neutral value: each protocol renders it in its own
 * wire shape so the SDK raises the matching typed exception.
 */
export class AwsError extends Error {
  constructor(
    /** The AWS error code, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    message: string,
    /** HTTP status. */
    readonly status: number = 400,
    /** Extra members some typed exceptions carry (rest-json / json only). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** The faults the control API can inject. */
export const FAULT_KINDS = [
  'AccessDenied',
  'Throttling',
  'InternalError',
  'Hang',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Realm-safe Date check (structuredClone and Jest's sandbox make different Date classes). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
