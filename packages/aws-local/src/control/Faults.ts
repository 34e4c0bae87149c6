import { randomBytes } from 'crypto';
import { FAULT_KINDS, FaultKind } from '../lib/errors';

/** A control-API rule: added latency and/or an injected failure for matching calls. */
export interface FaultRule {
  id: string;
  /** SigV4 signing name: `sts`, `eks`, `ec2`, `rds`, `secretsmanager`. Any when absent. */
  service?: string;
  /** Operation name as in the SDK command, e.g. `DescribeCluster`. Any when absent. */
  operation?: string;
  /**
   * The calling account; for `sts:AssumeRole` also the account of the role
   * being assumed. Any when absent.
   */
  account?: string;
  region?: string;
  /** Fail with this AWS error (or never answer, for `Hang`). */
  error?: FaultKind;
  /** Delay before answering, in milliseconds. */
  latencyMs?: number;
  /** Apply to this many matching calls, then disappear. Forever when absent. */
  times?: number;
  /** Message of the injected error. */
  message?: string;
}

export type FaultInput = Omit<FaultRule, 'id'>;

export interface CallDescription {
  service: string;
  operation: string;
  account: string;
  region: string;
  targetAccount?: string;
}

/** Thrown for a control-API request that makes no sense; becomes a 400. */
export class ControlInputError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'ControlInputError';
  }
}

const STRING_FIELDS = [
  'service',
  'operation',
  'account',
  'region',
  'message',
] as const;

export class Faults {
  private rules: FaultRule[] = [];

  list(): FaultRule[] {
    return this.rules.map(r => ({ ...r }));
  }

  add(input: unknown): FaultRule {
    if (!input || typeof input !== 'object') {
      throw new ControlInputError('A fault rule must be a JSON object');
    }
    const raw = input as Record<string, unknown>;
    const known = [...STRING_FIELDS, 'error', 'latencyMs', 'times'];
    const extra = Object.keys(raw).filter(k => !known.includes(k));
    if (extra.length) {
      throw new ControlInputError(
        `Unknown fault rule field(s): ${extra.join(', ')}; known: ${known.join(
          ', ',
        )}`,
      );
    }
    for (const key of STRING_FIELDS) {
      if (raw[key] !== undefined && typeof raw[key] !== 'string') {
        throw new ControlInputError(`${key} must be a string`);
      }
    }
    if (
      raw.error !== undefined &&
      !FAULT_KINDS.includes(raw.error as FaultKind)
    ) {
      throw new ControlInputError(
        `error must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(
          raw.error,
        )}`,
      );
    }
    for (const [key, min] of [
      ['latencyMs', 0],
      ['times', 1],
    ] as const) {
      const v = raw[key];
      if (v !== undefined && (!Number.isInteger(v) || (v as number) < min)) {
        throw new ControlInputError(`${key} must be a whole number >= ${min}`);
      }
    }
    if (raw.error === undefined && raw.latencyMs === undefined) {
      throw new ControlInputError('A fault rule needs error or latencyMs');
    }
    const rule: FaultRule = {
      ...(raw as FaultInput),
      id: `fault-${randomBytes(4).toString('hex')}`,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(r => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Total latency and the first failure that apply to a call; uses up `times`. */
  apply(call: CallDescription): { latencyMs: number; failure?: FaultRule } {
    let latencyMs = 0;
    let failure: FaultRule | undefined;
    for (const rule of [...this.rules]) {
      if (!matches(rule, call)) continue;
      if (rule.error && failure) continue;
      if (rule.latencyMs) latencyMs += rule.latencyMs;
      if (rule.error) failure = rule;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.remove(rule.id);
      }
    }
    return { latencyMs, failure };
  }
}

function matches(rule: FaultRule, call: CallDescription): boolean {
  if (rule.service && rule.service !== call.service) return false;
  if (rule.operation && rule.operation !== call.operation) return false;
  if (rule.region && rule.region !== call.region) return false;
  if (
    rule.account &&
    rule.account !== call.account &&
    rule.account !== call.targetAccount
  ) {
    return false;
  }
  return true;
}
