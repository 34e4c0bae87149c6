import { AwsError, FaultKind } from '../lib/errors';

/** A response ready to write. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How one AWS wire protocol renders results and errors. */
export interface Protocol {
  readonly name: 'query' | 'ec2' | 'rest-json' | 'json-1.0' | 'json-1.1';
  success(operation: string, result: unknown, requestId: string): HttpResult;
  error(error: AwsError, requestId: string): HttpResult;
  /** The AWS error this protocol's services return for an injected fault. */
  fault(kind: Exclude<FaultKind, 'Hang'>, message: string): AwsError;
  /** The error for an operation this endpoint does not implement. */
  unsupported(service: string, operation: string): AwsError;
}
