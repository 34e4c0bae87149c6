import { IncomingHttpHeaders } from 'http';
import { Protocol } from '../protocols/types';
import { AwsState } from '../state/AwsState';
import { Identities } from './Identities';
import { RoleTrusts } from './RoleTrusts';

export interface ServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CallContext {
  state: AwsState;
  identities: Identities;
  /** Which roles need an external id to be assumed (their trust policies). */
  trusts: RoleTrusts;
  /** The caller's access key id, account and region (from the SigV4 scope). */
  accessKeyId: string;
  account: string;
  region: string;
  now: Date;
}

/** What a request asks for, read before anything runs so faults can match it. */
export interface Route {
  operation: string;
  /** For calls that reach into another account (AssumeRole): that account. */
  targetAccount?: string;
  /** Absent when the operation is not implemented. */
  run?: (ctx: CallContext) => unknown;
}

/** One AWS service, keyed by its SigV4 signing name. */
export interface Service {
  readonly signingName: string;
  readonly protocol: Protocol;
  /** Reads the operation; throws AwsError when the request is malformed. */
  route(req: ServiceRequest): Route;
}
