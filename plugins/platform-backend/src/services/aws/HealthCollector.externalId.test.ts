import { fixtures, HealthCheckResult } from '@internal/plugin-platform-common';
import {
  LocalAws,
  startLocalAws,
  portalAwsConfig,
} from '../../__testUtils__/awsLocal';
import { collectAndCheck, testAwsAccess } from '../../__testUtils__/collect';

jest.setTimeout(60_000);

/**
 * The spoke's read-only role trusts the portal only with the external id, and the
 * local AWS endpoint enforces that trust as IAM does: a portal configured with the
 * wrong one for an account cannot read that spoke, and says why.
 */
const registry = fixtures.registry();
const HUB = registry.hub.account;
const ROLE = registry.hub.portal.roleName;
const accountOf = (name: string) =>
  registry.spokes.find(s => s.name === name)!.account;
const WRONG = 'not-the-external-id';

let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

/** Collects with `aws` config as given and runs every check of every spoke. */
async function assess(aws: ReturnType<typeof portalAwsConfig>) {
  const access = testAwsAccess(aws);
  try {
    return (await collectAndCheck(access.scope(), registry)).checks;
  } finally {
    access.close();
  }
}

const unknownIds = (checks: Record<string, HealthCheckResult>) =>
  Object.values(checks)
    .filter(c => c.status === 'unknown')
    .map(c => c.id);

describe("HealthCollector and the spoke role's external id", () => {
  it('reads every spoke with the external id the roles trust', async () => {
    const checks = await assess(portalAwsConfig());
    for (const name of ['dev', 'staging', 'prod']) {
      expect(unknownIds(checks[name])).toEqual([]);
    }
  });

  it('makes the spoke whose account is configured with a wrong one unknown, naming AccessDenied, and leaves the others fine', async () => {
    const staging = accountOf('staging');
    const roleArn = `arn:aws:iam::${staging}:role/${ROLE}`;
    const checks = await assess(
      portalAwsConfig(HUB, [
        { accountId: staging, roleName: ROLE, externalId: WRONG },
      ]),
    );

    for (const id of [
      'eks.cluster-status',
      'eks.nodegroups',
      'aurora.cluster-status',
      'aurora.secret-rotation',
    ]) {
      expect(checks.staging[id]).toMatchObject({
        status: 'unknown',
        summary: `AccessDenied assuming ${roleArn} in account ${staging}: User: arn:aws:iam::${HUB}:user/aws-local is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        details: {
          failure: expect.objectContaining({
            kind: 'access-denied',
            operation: 'sts:AssumeRole',
            roleArn,
          }),
        },
      });
    }
    // Everything unknown in staging is so for the same reason; the id is never shown.
    for (const id of unknownIds(checks.staging)) {
      expect(checks.staging[id].summary).toMatch(
        /^AccessDenied assuming .*sts:AssumeRole/,
      );
    }
    expect(JSON.stringify(checks.staging)).not.toContain(WRONG);
    // The Transit Gateway is read in the hub account with the portal's own identity.
    expect(checks.staging['tgw.attachment'].status).toBe('ok');
    expect(unknownIds(checks.dev)).toEqual([]);
    expect(unknownIds(checks.prod)).toEqual([]);
  });
});
