import { AwsError } from '../lib/errors';
import { parseQueryBody } from '../protocols/queryParams';
import { queryProtocol } from '../protocols/query';
import { upperId } from '../lib/ids';
import { Identities } from './Identities';
import { CallContext, Service } from './types';

const ROLE_ARN =
  /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** The caller's ARN, as GetCallerIdentity and IAM's refusals name it. */
function callerArn(ctx: CallContext): string {
  const issued = ctx.identities.issuedFor(ctx.accessKeyId);
  return issued
    ? `arn:aws:sts::${issued.account}:assumed-role/${issued.roleName}/${issued.callerName}`
    : `arn:aws:iam::${ctx.account}:user/aws-local`;
}

/** STS over the query protocol: GetCallerIdentity and AssumeRole. */
export const stsService: Service = {
  signingName: 'sts',
  protocol: queryProtocol({
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    naming: { element: k => k, member: () => 'member' },
  }),
  route(req) {
    const params = parseQueryBody(req.body, req.query);
    const operation = params.get('Action') ?? 'UnknownAction';
    switch (operation) {
      case 'GetCallerIdentity':
        return {
          operation,
          run: ctx => {
            const issued = ctx.identities.issuedFor(ctx.accessKeyId);
            if (issued) {
              const roleId = Identities.roleId(issued.account, issued.roleName);
              return {
                UserId: `${roleId}:${issued.callerName}`,
                Account: issued.account,
                Arn: callerArn(ctx),
              };
            }
            return {
              UserId: `AIDA${upperId(`user:${ctx.accessKeyId}`, 17)}`,
              Account: ctx.account,
              Arn: callerArn(ctx),
            };
          },
        };
      case 'AssumeRole': {
        const roleArn = params.get('RoleArn') ?? '';
        const match = ROLE_ARN.exec(roleArn);
        return {
          operation,
          targetAccount: match?.[1],
          run: ctx => {
            if (!match) {
              throw new AwsError(
                'ValidationError',
                `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: must be an IAM role ARN`,
              );
            }
            const callerName = params.get('RoleSessionName') ?? '';
            if (!/^[\w+=,.@-]{2,64}$/.test(callerName)) {
              throw new AwsError(
                'ValidationError',
                `1 validation error detected: Value '${callerName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
              );
            }
            const duration = Number(params.get('DurationSeconds') ?? 3600);
            if (
              !Number.isInteger(duration) ||
              duration < 900 ||
              duration > 43200
            ) {
              throw new AwsError(
                'ValidationError',
                `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
              );
            }
            const [, account, roleName] = match;
            const denial = ctx.trusts.denial({
              callerArn: callerArn(ctx),
              roleArn,
              account,
              roleName,
              externalId: params.get('ExternalId'),
            });
            if (denial) throw denial;
            const credentials = ctx.identities.issue({
              account,
              roleName,
              callerName,
            });
            return {
              Credentials: {
                ...credentials,
                Expiration: new Date(ctx.now.getTime() + duration * 1000),
              },
              AssumedRoleUser: {
                AssumedRoleId: `${Identities.roleId(
                  account,
                  roleName,
                )}:${callerName}`,
                Arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${callerName}`,
              },
            };
          },
        };
      }
      default:
        return { operation };
    }
  },
};
