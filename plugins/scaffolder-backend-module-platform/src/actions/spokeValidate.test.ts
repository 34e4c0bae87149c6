import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  fixtureRegistry,
  platformEngineer,
  platformTeam,
  serviceDeveloper,
  writeFiles,
} from '../__testUtils__/registry';
import { createSpokeValidateAction } from './spokeValidate';
import { exampleNonProdInput } from './spokeValidate.examples';

describe('platform:spoke:validate', () => {
  const registry = fixtureRegistry();
  // The Kubernetes version policy is judged on this day.
  const today = new Date('2026-12-06T09:00:00Z');
  const action = createSpokeValidateAction({
    registry: registry.source,
    platformTeam,
    now: () => today,
  });
  beforeEach(registry.reset);

  function run(
    input: Record<string, unknown>,
    options: { user?: any } = { user: platformEngineer },
  ) {
    const ctx = createMockActionContext({
      input: { ...exampleNonProdInput, ...input } as any,
      user: options.user,
    });
    return { ctx, done: action.handler(ctx) };
  }

  async function refusal(input: Record<string, unknown>): Promise<string> {
    const { ctx, done } = run(input);
    const error = await done.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(ctx.output).not.toHaveBeenCalled();
    return (error as Error).message;
  }

  it('outputs the spoke as its file will hold it, and a report of the checks passed', async () => {
    const { ctx, done } = run({});
    await done;
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(outputs.file).toBe('spokes/qa.yaml');
    expect(outputs.isDryRun).toBe(false);
    expect(outputs.spoke).toEqual({
      name: 'qa',
      description: 'QA spoke for release candidates',
      environmentClass: 'non-prod',
      account: '555566667777',
      region: 'ap-southeast-3',
      owner: 'group:default/platform-team',
      network: {
        cidr: '10.4.0.0/16',
        azCount: 2,
        availabilityZones: ['ap-southeast-3a', 'ap-southeast-3b'],
        natGateways: 'single',
        pool: 'main',
      },
      dns: { privateZones: ['piksel.internal'] },
      eks: {
        version: '1.35',
        nodeGroup: {
          instanceTypes: ['m6i.large'],
          desiredSize: 2,
          minSize: 2,
          maxSize: 4,
        },
      },
      aurora: {
        engineVersion: '8.0.mysql_aurora.3.08.0',
        instanceClass: 'db.r6g.large',
        readers: 1,
        maxReaders: 1,
        deletionProtection: false,
      },
    });
    expect(outputs.report).toContain('| VPC CIDR | 10.4.0.0/16 |');
    expect(outputs.report).toContain(
      '**cidr-overlap**: `10.4.0.0/16` overlaps none of hub `10.0.0.0/16`, dev `10.1.0.0/16`, prod `10.3.0.0/16`, staging `10.2.0.0/16`, nor the pod range `100.64.0.0/16`',
    );
    expect(outputs.report).toContain(
      "**unique-account**: `555566667777` is not the hub's (`111122223333`)",
    );
    expect(outputs.report).toContain(
      'private `10.4.0.0/18`, `10.4.64.0/18`; public `10.4.128.0/24`, `10.4.129.0/24`; database `10.4.130.0/24`, `10.4.131.0/24`',
    );
  });

  it('joins the spoke to its own hub zone when the hub has one', async () => {
    const { ctx, done } = run({
      name: 'staging-2',
      privateZones: ['piksel.internal', 'staging.piksel.internal'],
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith(
      'spoke',
      expect.objectContaining({
        dns: { privateZones: ['piksel.internal', 'staging.piksel.internal'] },
      }),
    );
  });

  it('says it ran in a dry run so the template can skip publishing', async () => {
    const ctx = {
      ...createMockActionContext({
        input: exampleNonProdInput as any,
        user: platformEngineer,
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('isDryRun', true);
  });

  describe('refuses, naming the field and the rule,', () => {
    it.each([
      [
        'a CIDR overlapping a spoke',
        { cidr: '10.1.0.0/16' },
        'cidr (network.cidr) [cidr-overlap] 10.1.0.0/16 in spokes/qa.yaml overlaps 10.1.0.0/16 in spokes/dev.yaml',
      ],
      [
        "a CIDR overlapping the hub's",
        { cidr: '10.0.0.0/16' },
        'cidr (network.cidr) [cidr-overlap] 10.0.0.0/16 in spokes/qa.yaml overlaps 10.0.0.0/16 in hub.yaml',
      ],
      [
        'a CIDR holding every other block',
        { cidr: '10.0.0.0/8' },
        'cidr (network.cidr) [cidr-overlap] 10.0.0.0/8 in spokes/qa.yaml overlaps 10.0.0.0/16 in hub.yaml',
      ],
      [
        'a CIDR in the pod range',
        { cidr: '100.64.0.0/16' },
        'cidr (network.cidr) [pod-cidr-reserved]',
      ],
      [
        'a CIDR smaller than a /20',
        { cidr: '10.4.0.0/21' },
        'cidr (network.cidr) [vpc-size-range] 10.4.0.0/21 is a /21; a spoke VPC is a /16 to /20',
      ],
      [
        'a CIDR of another size than the one chosen',
        { cidr: '10.4.0.0/16', size: 20 },
        'cidr (network.cidr) [cidr-matches-size] 10.4.0.0/16 is a /16 but size asks for a /20',
      ],
      [
        'a pool the hub does not have',
        { pool: 'nope' },
        "pool (network.pool) [known-pool] 'nope' is not an address pool of the hub (hub.yaml addressPlan.pools: main, extra)",
      ],
      [
        'a CIDR outside the chosen pool',
        { pool: 'extra' },
        "cidr (network.cidr) [cidr-in-pool] 10.4.0.0/16 is outside pool 'extra' (172.16.0.0/12)",
      ],
      [
        'a CIDR with host bits set',
        { cidr: '10.4.0.1/16' },
        'cidr (network.cidr) [format]',
      ],
      [
        "a dev spoke's account id",
        { account: '222233334444' },
        'account [unique-account] 222233334444 is also the account of spokes/dev.yaml',
      ],
      [
        "the hub's account id",
        { account: '111122223333' },
        'account [unique-account] 111122223333 is also the account of hub.yaml',
      ],
      [
        'an account id of 11 digits',
        { account: '55556666777' },
        'account [format] must be 12 digits',
      ],
      [
        'an account id given as a number',
        { account: 555566667777 },
        'account [invalid_type]',
      ],
      [
        'an upper-case name',
        { name: 'QA' },
        "name [name-lowercase] 'QA' has upper-case letters",
      ],
      [
        'a 64-character name',
        { name: `q${'a'.repeat(63)}` },
        'name [name-length] is 64 characters; a DNS label has at most 63',
      ],
      [
        'a name too long for the Aurora cluster identifier',
        { name: `q${'a'.repeat(56)}` },
        'name [name-fits-aws-names] is 57 characters; at most 56',
      ],
      [
        'a name with two hyphens in a row',
        { name: 'qa--1' },
        'name [name-fits-aws-names] has two hyphens in a row',
      ],
      [
        'a name starting with a digit',
        { name: '1qa' },
        'name [format] must be a DNS label',
      ],
      [
        "an existing spoke's name",
        { name: 'dev', privateZones: ['piksel.internal'] },
        "name [unique-name] 'dev' is also the name in spokes/dev.yaml",
      ],
      [
        "the hub's name",
        { name: 'shared' },
        "name [unique-name] 'shared' is also the hub's name in hub.yaml",
      ],
      [
        'one availability zone',
        { azCount: 1 },
        'azCount (network.azCount) [az-count-range] is 1; must be 2 to 3',
      ],
      [
        'four availability zones',
        { azCount: 4 },
        'azCount (network.azCount) [az-count-range] is 4; must be 2 to 3',
      ],
      [
        'prod without deletion protection',
        { environmentClass: 'prod', deletionProtection: false },
        'deletionProtection (aurora.deletionProtection) [prod-deletion-protection] must be true for a prod spoke',
      ],
      [
        'an environment class other than non-prod or prod',
        { environmentClass: 'test' },
        'environmentClass [invalid_value]',
      ],
      [
        "a region other than the hub's",
        { region: 'eu-west-1' },
        'region [same-region-as-hub] is eu-west-1 but the hub (hub.yaml) is in ap-southeast-3',
      ],
      [
        'a node group whose desired size is below its minimum',
        { nodeMinSize: 3, nodeDesiredSize: 2 },
        'nodeDesiredSize (eks.nodeGroup.desiredSize) [node-group-range]',
      ],
      [
        'an unknown NAT strategy',
        { natGateways: 'none' },
        'natGateways (network.natGateways) [invalid_value]',
      ],
      [
        'an EKS version that is not a minor version',
        { eksVersion: '1.3' },
        'eksVersion (eks.version) [format]',
      ],
      [
        'a Kubernetes version that left EKS standard support',
        { eksVersion: '1.33' },
        'eksVersion (eks.version) [kubernetes-version-policy] Kubernetes 1.33 left EKS standard support on 2026-07-29 (extended support costs extra and ends 2027-07-29); choose 1.35 (in EKS standard support on 2026-12-06)',
      ],
      [
        'a Kubernetes version whose standard support ended days ago',
        { eksVersion: '1.34' },
        'eksVersion (eks.version) [kubernetes-version-policy] Kubernetes 1.34 left EKS standard support on 2026-12-02',
      ],
      [
        'a Kubernetes version EKS does not have',
        { eksVersion: '1.40' },
        'eksVersion (eks.version) [known-kubernetes-version] Kubernetes 1.40 is not in the EKS release calendar',
      ],
      [
        'an instance type that is not one',
        { nodeInstanceType: 'large' },
        'nodeInstanceType (eks.nodeGroup.instanceTypes.0) [format]',
      ],
      [
        'more than 15 Aurora readers',
        { auroraReaders: 16 },
        'auroraReaders (aurora.readers) [too_big]',
      ],
      [
        'a reader maximum below the readers at rest',
        { auroraReaders: 2, auroraMaxReaders: 1 },
        'auroraMaxReaders (aurora.maxReaders) [reader-range]',
      ],
      [
        'an owner that is not a group ref',
        { owner: 'platform-team' },
        'owner [format] must be a group entity ref',
      ],
      [
        'a private zone the hub does not have',
        { privateZones: ['piksel.internal', 'qa.piksel.internal'] },
        'privateZones (dns.privateZones.1) [known-zone] qa.piksel.internal is not a private zone of the hub',
      ],
      [
        'a missing field',
        { cidr: undefined },
        'cidr (network.cidr) [required] is required',
      ],
    ])('%s', async (_what, input, expected) => {
      expect(await refusal(input)).toContain(expected);
    });

    it('every problem at once', async () => {
      const message = await refusal({
        account: '222233334444',
        cidr: '10.2.0.0/16',
        azCount: 3,
        environmentClass: 'prod',
        deletionProtection: false,
      });
      expect(message).toMatch(
        /^The new environment was refused \(3 problems\):/,
      );
      expect(message).toContain('account [unique-account]');
      expect(message).toContain('cidr (network.cidr) [cidr-overlap]');
      expect(message).toContain(
        'deletionProtection (aurora.deletionProtection) [prod-deletion-protection]',
      );
    });
  });

  it('refuses anyone outside the platform team, whatever the permission policy let through', async () => {
    const { ctx, done } = run({}, { user: serviceDeveloper });
    await expect(done).rejects.toThrow(NotAllowedError);
    await expect(done).rejects.toThrow(
      'platform:spoke:validate may only be run by the platform team (group:default/platform-team); the task was started by user:default/citra',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a task whose user is unknown', async () => {
    const { done } = run({}, { user: undefined });
    await expect(done).rejects.toThrow(NotAllowedError);
  });

  it("fails without blaming the form when the server's registry is broken", async () => {
    writeFiles(registry.dir, [
      { path: 'spokes/broken.yaml', content: 'name: broken\n' },
    ]);
    const { done } = run({});
    const error = await done.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `The platform registry on the server (${registry.dir}) is invalid`,
    );
  });
});
