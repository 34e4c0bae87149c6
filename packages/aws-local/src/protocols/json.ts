import { AwsError, isDate } from '../lib/errors';
import { HttpResult, Protocol } from './types';

/** The value with every Date as epoch seconds (a copy; the value is left as it was). */
function epochDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochDates);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = epochDates((value as Record<string, unknown>)[key]);
  }
  return out;
}

/**
 * JSON with timestamps as epoch seconds, as both AWS JSON protocols send them.
 * Converted before stringifying: a replacer function would run for every key of
 * every answer, which costs several times more per request.
 */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(epochDates(value));
}

/** rest-json (EKS): HTTP status + `x-amzn-errortype` header + `{ message }`. */
export const restJsonProtocol: Protocol = {
  name: 'rest-json',
  success(_operation, result, requestId): HttpResult {
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
      },
      body: toAwsJson(result ?? {}),
    };
  },
  error(error: AwsError, requestId): HttpResult {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: toAwsJson({ message: error.message, ...error.extra }),
    };
  },
  fault(kind, message) {
    switch (kind) {
      case 'AccessDenied':
        return new AwsError('AccessDeniedException', message, 403);
      case 'Throttling':
        return new AwsError('ThrottlingException', message, 429);
      default:
        return new AwsError('ServerException', message, 500);
    }
  },
  unsupported(service, operation) {
    return new AwsError(
      'UnknownOperationException',
      `aws-local does not support ${service}:${operation}`,
      404,
    );
  },
};

/** awsJson1_1 (Secrets Manager): `X-Amz-Target`, errors as `{ __type, Message }`. */
export function json11Protocol(options: {
  internalErrorCode: string;
}): Protocol {
  const contentType = 'application/x-amz-json-1.1';
  return {
    name: 'json-1.1',
    success(_operation, result, requestId): HttpResult {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
        body: toAwsJson(result ?? {}),
      };
    },
    error(error: AwsError, requestId): HttpResult {
      return {
        status: error.status,
        headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
        body: toAwsJson({
          __type: error.code,
          Message: error.message,
          ...error.extra,
        }),
      };
    },
    fault(kind, message) {
      switch (kind) {
        case 'AccessDenied':
          return new AwsError('AccessDeniedException', message, 400);
        case 'Throttling':
          return new AwsError('ThrottlingException', message, 400);
        default:
          return new AwsError(options.internalErrorCode, message, 500);
      }
    },
    unsupported(service, operation) {
      return new AwsError(
        'UnknownOperationException',
        `aws-local does not support ${service}:${operation}`,
        400,
      );
    },
  };
}

/**
 * awsJson1_0 with AWS query compatibility (CloudWatch): `X-Amz-Target`, errors as
 * `{ __type, message }` plus `x-amzn-query-error: <code>;<Sender|Receiver>`, from which
 * the SDK takes the query protocol's error code (`AccessDenied`, `Throttling`, ...).
 */
export function json10QueryCompatibleProtocol(options: {
  internalErrorCode: string;
}): Protocol {
  const contentType = 'application/x-amz-json-1.0';
  return {
    name: 'json-1.0',
    success(_operation, result, requestId): HttpResult {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
        body: toAwsJson(result ?? {}),
      };
    },
    error(error: AwsError, requestId): HttpResult {
      return {
        status: error.status,
        headers: {
          'content-type': contentType,
          'x-amzn-requestid': requestId,
          'x-amzn-query-error': `${error.code};${
            error.status >= 500 ? 'Receiver' : 'Sender'
          }`,
        },
        body: toAwsJson({
          __type: error.code,
          message: error.message,
          ...error.extra,
        }),
      };
    },
    fault(kind, message) {
      switch (kind) {
        case 'AccessDenied':
          return new AwsError('AccessDenied', message, 403);
        case 'Throttling':
          return new AwsError('Throttling', message, 400);
        default:
          return new AwsError(options.internalErrorCode, message, 500);
      }
    },
    unsupported(service, operation) {
      return new AwsError(
        'InvalidAction',
        `aws-local does not support ${service}:${operation}`,
        400,
      );
    },
  };
}
