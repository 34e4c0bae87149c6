import { AwsError } from '../lib/errors';
import { HttpResult, Protocol } from './types';
import { escapeXml, xmlMembers, XmlNaming } from './xml';

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Output members whose EC2 wire name is not simply the member name in lowerCamelCase. */
const EC2_NAMES: Record<string, string> = {
  TransitGateways: 'transitGatewaySet',
  Vpcs: 'vpcSet',
  Tags: 'tagSet',
  Routes: 'routeSet',
};

const naming: XmlNaming = {
  element: key => EC2_NAMES[key] ?? key.charAt(0).toLowerCase() + key.slice(1),
  member: () => 'item',
};

/** EC2's query dialect: lowerCamel elements, `item` list members, `<Response><Errors>`. */
export const ec2Protocol: Protocol = {
  name: 'ec2',
  success(operation, result, requestId): HttpResult {
    return {
      status: 200,
      headers: {
        'content-type': 'text/xml;charset=UTF-8',
        'x-amzn-requestid': requestId,
      },
      body:
        `<?xml version="1.0" encoding="UTF-8"?>` +
        `<${operation}Response xmlns="${XMLNS}"><requestId>${requestId}</requestId>` +
        `${xmlMembers((result ?? {}) as Record<string, unknown>, naming)}` +
        `</${operation}Response>`,
    };
  },
  error(error: AwsError, requestId): HttpResult {
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body:
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>` +
        `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(
          error.message,
        )}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  },
  fault(kind, message) {
    switch (kind) {
      case 'AccessDenied':
        return new AwsError('UnauthorizedOperation', message, 403);
      case 'Throttling':
        return new AwsError('RequestLimitExceeded', message, 503);
      default:
        return new AwsError('InternalError', message, 500);
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
