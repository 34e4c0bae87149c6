import {
  CallTimeoutError,
  classifyAwsError,
  describeAwsError,
  skipped,
} from './describeAwsError';

const awsError = (
  name: string,
  message: string,
  $metadata: { httpStatusCode?: number; attempts?: number } = {},
) => Object.assign(new Error(message), { name, $metadata });

const call = {
  operation: 'eks:DescribeCluster',
  accountId: '333344445555',
  region: 'ap-southeast-3',
  phase: 'call' as const,
  timeoutMs: 5000,
};

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', 'access-denied'],
    ['UnauthorizedOperation', 'access-denied'],
    ['AccessDenied', 'access-denied'],
    ['ExpiredTokenException', 'access-denied'],
    ['ThrottlingException', 'throttled'],
    ['RequestLimitExceeded', 'throttled'],
    ['Throttling', 'throttled'],
    ['TimeoutError', 'timeout'],
    ['AbortError', 'timeout'],
    ['InternalFailure', 'error'],
    ['CredentialsProviderError', 'credentials'],
  ])('classifies %s as %s', (name, kind) => {
    expect(classifyAwsError(awsError(name, 'x')).kind).toBe(kind);
  });

  it('uses the HTTP status when the code says nothing', () => {
    expect(
      classifyAwsError(awsError('Unknown', 'x', { httpStatusCode: 403 })).kind,
    ).toBe('access-denied');
    expect(
      classifyAwsError(awsError('Unknown', 'x', { httpStatusCode: 429 })).kind,
    ).toBe('throttled');
  });

  it('treats our own timer as a timeout and copes with non-errors', () => {
    expect(classifyAwsError(new CallTimeoutError(100)).kind).toBe('timeout');
    expect(classifyAwsError('boom')).toMatchObject({
      kind: 'error',
      message: 'boom',
    });
  });
});

describe('describeAwsError', () => {
  it('names the call, account, role and what AWS said for a denied call', () => {
    const f = describeAwsError(
      awsError('AccessDeniedException', 'User is not authorized'),
      {
        ...call,
        roleArn: 'arn:aws:iam::333344445555:role/platform-portal-readonly',
      },
    );
    expect(f).toMatchObject({
      kind: 'access-denied',
      code: 'AccessDeniedException',
      accountId: '333344445555',
      reason:
        'eks:DescribeCluster in account 333344445555 (ap-southeast-3) was denied as arn:aws:iam::333344445555:role/platform-portal-readonly: AccessDeniedException: User is not authorized',
    });
  });

  it("says the portal's own credentials were used when no role is configured", () => {
    const f = describeAwsError(awsError('AccessDeniedException', 'no'), call);
    expect(f.reason).toContain("with the portal's own credentials");
  });

  it('says AWS throttled the call and how often it was tried', () => {
    const f = describeAwsError(
      awsError('ThrottlingException', 'Rate exceeded', { attempts: 3 }),
      call,
    );
    expect(f.reason).toBe(
      'AWS throttled eks:DescribeCluster in account 333344445555 (ap-southeast-3) after 3 attempts: ThrottlingException: Rate exceeded',
    );
  });

  it('says how long it waited for a call that never answered', () => {
    const f = describeAwsError(new CallTimeoutError(5000), call);
    expect(f).toMatchObject({
      kind: 'timeout',
      reason:
        'eks:DescribeCluster in account 333344445555 (ap-southeast-3) did not answer within 5 s',
    });
  });

  it('passes any other AWS error on with its code', () => {
    const f = describeAwsError(
      awsError('InternalFailure', 'oops', { attempts: 2 }),
      call,
    );
    expect(f.reason).toBe(
      'eks:DescribeCluster in account 333344445555 (ap-southeast-3) failed after 2 attempts: InternalFailure: oops',
    );
  });

  it('says AccessDenied assuming the role in the account for a denied AssumeRole', () => {
    const f = describeAwsError(
      awsError('AccessDenied', 'not authorized to perform sts:AssumeRole'),
      {
        operation: 'sts:AssumeRole',
        accountId: '444455556666',
        roleArn: 'arn:aws:iam::444455556666:role/platform-portal-readonly',
        phase: 'credentials',
      },
    );
    expect(f).toMatchObject({
      kind: 'access-denied',
      reason:
        'AccessDenied assuming arn:aws:iam::444455556666:role/platform-portal-readonly in account 444455556666: not authorized to perform sts:AssumeRole',
    });
  });

  it('tells how to configure an account that has no credentials', () => {
    const f = describeAwsError(
      new Error(
        'There is no AWS integration that matches 444455556666. Please add a configuration for this AWS account.',
      ),
      {
        operation: 'sts:AssumeRole',
        accountId: '444455556666',
        phase: 'credentials',
      },
    );
    expect(f).toMatchObject({
      kind: 'credentials',
      reason:
        'No AWS credentials for account 444455556666: add it to aws.accounts or set aws.accountDefaults.roleName',
    });
  });

  it('describes hung and other credential failures', () => {
    const ctx = {
      operation: 'sts:AssumeRole',
      accountId: '444455556666',
      roleArn: 'arn:aws:iam::444455556666:role/r',
      phase: 'credentials' as const,
      timeoutMs: 2000,
    };
    expect(describeAwsError(new CallTimeoutError(2000), ctx).reason).toBe(
      'No credentials for account 444455556666: assuming arn:aws:iam::444455556666:role/r did not answer within 2 s',
    );
    const other = describeAwsError(awsError('InternalFailure', 'x'), ctx);
    expect(other.kind).toBe('credentials');
    expect(other.reason).toBe(
      'Could not get credentials for account 444455556666 (assuming arn:aws:iam::444455556666:role/r): InternalFailure: x',
    );
  });

  it('builds skipped failures with the reason as message', () => {
    expect(skipped('eks:ListNodegroups', 'Cluster dev not found')).toEqual({
      kind: 'skipped',
      operation: 'eks:ListNodegroups',
      accountId: undefined,
      region: undefined,
      message: 'Cluster dev not found',
      reason: 'Cluster dev not found',
    });
  });
});
