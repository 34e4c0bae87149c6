import { AwsError } from '../lib/errors';
import { CallContext, Route, ServiceRequest } from './types';

/** A JSON-protocol operation: the parsed body in, the result out. */
export type JsonOperation = (
  ctx: CallContext,
  input: Record<string, any>,
) => unknown;

/**
 * The route of an AWS JSON protocol call (Secrets Manager, CloudWatch): the
 * operation is the `X-Amz-Target` header after the service's prefix, the input
 * the JSON body. An operation not in `operations` is unsupported.
 */
export function targetRoute(
  req: ServiceRequest,
  targetPrefix: string,
  operations: Record<string, JsonOperation>,
): Route {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(targetPrefix)
    ? target.slice(targetPrefix.length)
    : target;
  const name = operation || 'UnknownOperation';
  const handler = operations[name];
  if (!handler) return { operation: name };
  return {
    operation: name,
    run: ctx => {
      let input: Record<string, any>;
      try {
        input = req.body ? JSON.parse(req.body) : {};
      } catch {
        throw new AwsError('SerializationException', 'Malformed JSON body.');
      }
      return handler(ctx, input);
    },
  };
}
