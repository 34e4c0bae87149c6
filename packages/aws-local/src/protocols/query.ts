import { AwsError } from '../lib/errors';
import { HttpResult, Protocol } from './types';
import { escapeXml, xmlMembers, XmlNaming } from './xml';

const XML = 'text/xml';

/** The AWS query protocol (STS, RDS): `<OpResponse><OpResult>` and `<ErrorResponse>`. */
export function queryProtocol(options: {
  xmlns: string;
  naming: XmlNaming;
}): Protocol {
  return {
    name: 'query',
    success(operation, result, requestId): HttpResult {
      const inner = xmlMembers(
        (result ?? {}) as Record<string, unknown>,
        options.naming,
      );
      return {
        status: 200,
        headers: { 'content-type': XML, 'x-amzn-requestid': requestId },
        body:
          `<${operation}Response xmlns="${options.xmlns}">` +
          `<${operation}Result>${inner}</${operation}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
          `</${operation}Response>`,
      };
    },
    error(error: AwsError, requestId): HttpResult {
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      return {
        status: error.status,
        headers: { 'content-type': XML, 'x-amzn-requestid': requestId },
        body:
          `<ErrorResponse xmlns="${options.xmlns}"><Error><Type>${type}</Type>` +
          `<Code>${escapeXml(error.code)}</Code>` +
          `<Message>${escapeXml(error.message)}</Message></Error>` +
          `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    },
    fault(kind, message) {
      switch (kind) {
        case 'AccessDenied':
          return new AwsError('AccessDenied', message, 403);
        case 'Throttling':
          return new AwsError('Throttling', message, 400);
        default:
          return new AwsError('InternalFailure', message, 500);
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
