import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import {
  checkCatalog,
  checkEksVersion,
  checkEngineVersion,
  checkInstanceClass,
  checkNodegroup,
  checkVpcCidr,
  compareVersions,
  engineMajor,
} from './drift';
import { valueOf } from './testHelpers';

type Input = ReturnType<typeof healthyInput>;

describe('catalog against the registry', () => {
  it('is ok when the annotations match the registry file', () => {
    expect(checkCatalog(healthyInput())).toMatchObject({
      id: 'drift.catalog',
      component: 'drift',
      status: 'ok',
      summary: 'The catalog matches spokes/staging.yaml',
    });
  });

  it('warns and names each field that differs', () => {
    const input = healthyInput();
    input.spoke.vpcCidr = '10.9.0.0/16';
    input.spoke.accountId = undefined;
    expect(checkCatalog(input)).toMatchObject({
      status: 'warning',
      summary:
        'account: catalog (missing), registry 333344445555; VPC CIDR: catalog 10.9.0.0/16, registry 10.2.0.0/16',
    });
  });

  it('warns about malformed annotations', () => {
    const input = healthyInput();
    input.spoke.problems = ['platform.io/account-id is not 12 digits'];
    expect(checkCatalog(input)).toMatchObject({
      status: 'warning',
      summary: 'platform.io/account-id is not 12 digits',
    });
  });

  it('warns when the spoke has no registry file', () => {
    const input = healthyInput();
    if (input.registry.ok) input.registry.spoke = undefined;
    expect(checkCatalog(input)).toMatchObject({
      status: 'warning',
      summary:
        'Spoke staging is in the catalog but the registry has no spokes/staging.yaml',
    });
  });

  it('is unknown when the registry cannot be read', () => {
    const input = healthyInput();
    input.registry = { ok: false, reason: 'hub.yaml: name [required]' };
    expect(checkCatalog(input)).toMatchObject({
      status: 'unknown',
      summary: 'hub.yaml: name [required]',
    });
  });
});

describe('EKS version drift', () => {
  it('is ok when the cluster runs the registry version', () => {
    expect(checkEksVersion(healthyInput()).summary).toBe(
      '1.35, as in the registry',
    );
  });

  it('warns when they differ', () => {
    const input = healthyInput();
    valueOf(input.observations.eks.cluster)!.version = '1.34';
    expect(checkEksVersion(input)).toMatchObject({
      status: 'warning',
      summary: 'The cluster runs 1.34; the registry says 1.35',
    });
  });

  it('is unknown when the cluster cannot be read', () => {
    const input = healthyInput();
    input.observations.eks.cluster = failure();
    expect(checkEksVersion(input).status).toBe('unknown');
  });
});

describe('node group drift', () => {
  const ng = (i: Input) =>
    valueOf(valueOf(i.observations.eks.nodegroups)[0].nodegroup);

  it('is ok when sizes and instance types match, whatever the desired size', () => {
    const input = healthyInput();
    ng(input).scalingConfig!.desiredSize = 3;
    expect(checkNodegroup(input)).toMatchObject({
      status: 'ok',
      summary: 'system: m6i.large, 2 to 4 nodes, as in the registry',
    });
  });

  it('warns about each difference', () => {
    const input = healthyInput();
    ng(input).scalingConfig!.maxSize = 8;
    ng(input).instanceTypes = ['m6i.xlarge'];
    expect(checkNodegroup(input)).toMatchObject({
      status: 'warning',
      summary:
        'system: maxSize is 8, registry 4; instanceTypes is m6i.xlarge, registry m6i.large',
    });
  });

  it('warns when the system node group is missing', () => {
    const input = healthyInput();
    input.observations.eks.nodegroups = observed([]);
    expect(checkNodegroup(input).status).toBe('warning');
  });

  it('is unknown when node groups cannot be read', () => {
    const input = healthyInput();
    input.observations.eks.nodegroups = failure();
    expect(checkNodegroup(input).status).toBe('unknown');
  });
});

describe('Aurora drift', () => {
  it('is ok when engine version and instance class match', () => {
    const input = healthyInput();
    expect(checkEngineVersion(input).status).toBe('ok');
    expect(checkInstanceClass(input)).toMatchObject({
      status: 'ok',
      summary: 'Every instance is db.r6g.large, as in the registry',
    });
  });

  it('warns on another engine version or instance class', () => {
    const input = healthyInput();
    valueOf(input.observations.aurora.clusters)[0].EngineVersion =
      '8.0.mysql_aurora.3.09.0';
    valueOf(input.observations.aurora.instances)[1].DBInstanceClass =
      'db.r6g.xlarge';
    expect(checkEngineVersion(input)).toMatchObject({
      status: 'warning',
      summary:
        'The cluster runs 8.0.mysql_aurora.3.09.0; the registry says 8.0.mysql_aurora.3.08.0',
    });
    expect(checkInstanceClass(input)).toMatchObject({
      status: 'warning',
      summary:
        'staging-aurora-reader-1 is db.r6g.xlarge; the registry says db.r6g.large',
    });
  });

  it('is unknown when the cluster cannot be read or found', () => {
    const input = healthyInput();
    input.observations.aurora.clusters = failure();
    expect(checkEngineVersion(input).status).toBe('unknown');
    expect(checkInstanceClass(input).status).toBe('unknown');
    const gone = healthyInput();
    gone.observations.aurora.clusters = observed([]);
    expect(checkEngineVersion(gone).status).toBe('unknown');
  });
});

describe('VPC CIDR drift', () => {
  it("is ok when the hub routes the registry's CIDR to the spoke", () => {
    expect(checkVpcCidr(healthyInput()).status).toBe('ok');
  });

  it('warns when the hub routes another CIDR to the spoke attachment', () => {
    const input = healthyInput();
    valueOf(input.observations.tgw.routes).find(
      r => r.DestinationCidrBlock === '10.2.0.0/16',
    )!.DestinationCidrBlock = '10.20.0.0/16';
    expect(checkVpcCidr(input)).toMatchObject({
      status: 'warning',
      summary:
        "The hub routes 10.20.0.0/16 to the spoke's attachment; the registry says 10.2.0.0/16",
    });
  });

  it('is unknown when the routes cannot be read or there is no attachment', () => {
    const input = healthyInput();
    input.observations.tgw.routes = failure();
    expect(checkVpcCidr(input).status).toBe('unknown');
    const none = healthyInput();
    none.observations.tgw.attachments = observed([]);
    expect(checkVpcCidr(none).status).toBe('unknown');
  });
});

describe('engine version after automatic minor upgrades', () => {
  it('is ok, not drift, when AWS upgraded within the major line the registry names', () => {
    const input = healthyInput();
    const cluster = valueOf(input.observations.aurora.clusters)[0];
    cluster.EngineVersion = '8.0.mysql_aurora.3.10.0';
    cluster.AutoMinorVersionUpgrade = true;
    expect(checkEngineVersion(input)).toMatchObject({
      status: 'ok',
      summary:
        "8.0.mysql_aurora.3.10.0: upgraded automatically from the registry's 8.0.mysql_aurora.3.08.0 (auto minor version upgrade is on); write 8.0.mysql_aurora.3.10.0 in the registry when convenient",
    });
  });

  it('still warns for an older version, another major line, or upgrades turned off', () => {
    const input = healthyInput();
    const cluster = valueOf(input.observations.aurora.clusters)[0];
    cluster.AutoMinorVersionUpgrade = true;
    cluster.EngineVersion = '8.0.mysql_aurora.3.05.2';
    expect(checkEngineVersion(input).status).toBe('warning');
    cluster.EngineVersion = '8.4.mysql_aurora.4.00.0';
    expect(checkEngineVersion(input).status).toBe('warning');
    cluster.EngineVersion = '8.0.mysql_aurora.3.10.0';
    cluster.AutoMinorVersionUpgrade = false;
    expect(checkEngineVersion(input).status).toBe('warning');
  });

  it('reads the major line and orders versions number by number', () => {
    expect(engineMajor('8.0.mysql_aurora.3.08.0')).toBe('8.0.mysql_aurora.3');
    expect(engineMajor('16.4')).toBe('16');
    expect(
      compareVersions('8.0.mysql_aurora.3.10.0', '8.0.mysql_aurora.3.8.1'),
    ).toBeGreaterThan(0);
    expect(compareVersions('16.4', '16.4')).toBe(0);
  });
});
