import { accessDeniedCheck, httpError } from '../__testUtils__/fixtures';
import { adviceForFailure, describeLoadError, failureOf } from './advice';

describe('failureOf', () => {
  it('reads the failed call out of the details', () => {
    expect(failureOf(accessDeniedCheck.details)).toMatchObject({
      kind: 'access-denied',
      roleArn: 'arn:aws:iam::333344445555:role/portal-read-only',
      accountId: '333344445555',
    });
  });

  it('has none when the details carry no failure', () => {
    expect(failureOf({ state: 'available' })).toBeUndefined();
    expect(failureOf({ failure: 'text' })).toBeUndefined();
    expect(failureOf(undefined)).toBeUndefined();
  });
});

describe('adviceForFailure', () => {
  it('names the role and account to fix when access was denied', () => {
    const advice = adviceForFailure(failureOf(accessDeniedCheck.details));
    expect(advice).toContain(
      'role arn:aws:iam::333344445555:role/portal-read-only',
    );
    expect(advice).toContain('account 333344445555');
    expect(advice).toContain('rds:DescribeDBClusters');
  });

  it('points at aws.accounts when the portal used its own credentials', () => {
    expect(
      adviceForFailure({ kind: 'access-denied', accountId: '444455556666' }),
    ).toContain('aws.accounts');
    expect(
      adviceForFailure({ kind: 'credentials', accountId: '444455556666' }),
    ).toContain('account 444455556666');
  });

  it('says the next refresh retries throttled and timed-out calls', () => {
    expect(adviceForFailure({ kind: 'throttled' })).toContain(
      'next scheduled refresh retries',
    );
    expect(adviceForFailure({ kind: 'timeout' })).toContain('retries');
    expect(adviceForFailure({ kind: 'skipped' })).toContain('fix what');
    expect(adviceForFailure({ kind: 'error' })).toContain('retries');
  });

  it('has nothing to add without a failure', () => {
    expect(adviceForFailure(undefined)).toBeUndefined();
  });
});

describe('describeLoadError', () => {
  it('names the permission on 403', () => {
    expect(describeLoadError(httpError(403, 'Forbidden')).advice).toContain(
      'platform.health.read',
    );
  });

  it('points at the backend plugin on 404', () => {
    expect(describeLoadError(httpError(404, 'Not Found')).advice).toContain(
      '@internal/plugin-platform-backend',
    );
  });

  it('says the store recovers by itself on 503', () => {
    expect(
      describeLoadError(httpError(503, 'database unreachable')).advice,
    ).toContain('recovers by itself');
  });

  it("quotes the backend's own message rather than the bare status", () => {
    const error = httpError(503, 'Request failed with 503 Service Unavailable');
    (error as { cause?: Error }).cause = new Error(
      'The health store did not answer within 5 s',
    );
    expect(describeLoadError(error).advice).toContain(
      'The health store did not answer within 5 s (HTTP 503)',
    );
  });

  it('passes any other error on with what to do', () => {
    const { title, advice } = describeLoadError(new Error('Failed to fetch'));
    expect(title).toBe('Could not load spoke health');
    expect(advice).toContain('Failed to fetch');
  });
});
