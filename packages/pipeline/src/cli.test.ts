import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { fixtures, hubConfigSchema } from '@internal/plugin-platform-common';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import { Assembly } from './assembly';
import { main } from './cli';
import { assemblyOf } from './__testUtils__';

/** Writes an assembly as `cdk synth` would: manifest.json and one template per stack. */
function writeAssembly(assembly: Assembly, dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const s of assembly.stacks) {
    artifacts[s.stackName] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${s.account}/${s.region}`,
      properties: { templateFile: `${s.stackName}.template.json` },
    };
    fs.writeFileSync(
      path.join(dir, `${s.stackName}.template.json`),
      JSON.stringify(s.template),
    );
  }
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ version: '54.0.0', artifacts }),
  );
}

/** The fixture registry on disk, optionally without some spoke files. */
function writeRegistry(dir: string, without: string[] = []) {
  for (const file of fixtures.files()) {
    if (without.some(name => file.path === `spokes/${name}.yaml`)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
}

/** Reads `name<<__EOF__ ... __EOF__` blocks of a $GITHUB_OUTPUT file. */
function outputs(file: string): Record<string, string> {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return Object.fromEntries(
    [...text.matchAll(/^([\w-]+)<<__EOF__\n([\s\S]*?)\n__EOF__$/gm)].map(m => [
      m[1],
      m[2],
    ]),
  );
}

describe('platform-pipeline CLI, as the deploy workflow calls it', () => {
  let dir: string;
  const env = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-cli-'));
    process.env.GITHUB_OUTPUT = path.join(dir, 'output');
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary.md');
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    process.env = { ...env };
    jest.restoreAllMocks();
  });

  it('plans a spoke removal, gates on outcomes and ends with a failing summary when the spoke could not be destroyed', async () => {
    const registry = fixtures.registry();
    const after = {
      ...registry,
      spokes: registry.spokes.filter(s => s.name !== 'staging'),
    };
    writeRegistry(path.join(dir, 'base/config'));
    writeRegistry(path.join(dir, 'head/config'), ['staging']);
    writeAssembly(assemblyOf(registry), path.join(dir, 'base/cdk.out'));
    writeAssembly(assemblyOf(after), path.join(dir, 'head/cdk.out'));

    expect(
      await main([
        'plan',
        '--head-assembly',
        path.join(dir, 'head/cdk.out'),
        '--head-registry',
        path.join(dir, 'head/config'),
        '--base-assembly',
        path.join(dir, 'base/cdk.out'),
        '--base-registry',
        path.join(dir, 'base/config'),
        '--out',
        path.join(dir, 'plan.json'),
        '--markdown',
        path.join(dir, 'plan.md'),
      ]),
    ).toBe(0);
    const out = outputs(process.env.GITHUB_OUTPUT!);
    expect(JSON.parse(out.phases)).toEqual([
      'teardown-spokes',
      'hub',
      'handshake',
    ]);
    expect(out['has-teardown']).toBe('true');
    expect(out['deploys-hub']).toBe('true');
    expect(
      JSON.parse(out['teardown-spokes']).include.map((s: any) => s.title),
    ).toEqual(['destroy / platform-spoke-staging']);

    const results = path.join(dir, 'results');
    const plan = path.join(dir, 'plan.json');
    await main([
      'record',
      '--step',
      'destroy:platform-spoke-staging',
      '--status',
      'failed',
      '--results',
      results,
    ]);
    fs.writeFileSync(process.env.GITHUB_OUTPUT!, '');
    await main([
      'gate',
      '--plan',
      plan,
      '--step',
      'deploy:platform-hub',
      '--results',
      results,
    ]);
    expect(outputs(process.env.GITHUB_OUTPUT!).run).toBe('false');
    expect(await main(['summary', '--plan', plan, '--results', results])).toBe(
      1,
    );
    const summary = fs.readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain(
      '| ❌ failed | `destroy / platform-spoke-staging`',
    );
    expect(summary).toContain(
      '| ⏭️ skipped | `deploy / platform-hub` | hub (111122223333) | template changed (0 added, 0 modified, 1 removed) | destroy:platform-spoke-staging failed |',
    );
  });

  it('fails naming the rule when an option is missing or a command is unknown', async () => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      main(['gate', '--step', 'x', '--results', dir]),
    ).rejects.toThrow('--plan is required');
    expect(await main(['deploy-everything'])).toBe(2);
  });

  it('records the hub stack outputs in hub.yaml once, then finds nothing to change', async () => {
    const registry = path.join(dir, 'config');
    writeRegistry(registry);
    const hubFile = path.join(registry, 'hub.yaml');
    const hub = hubConfigSchema.parse(parse(fs.readFileSync(hubFile, 'utf8')));
    const cloudFormation = mockClient(CloudFormationClient);
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'platform-hub' })
      .resolves({
        Stacks: [
          {
            StackName: 'platform-hub',
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(),
            Outputs: [
              {
                OutputKey: 'TransitGatewayId',
                OutputValue: 'tgw-0aaaabbbbccccdddd',
              },
              {
                OutputKey: 'NonProdRouteTableId',
                OutputValue: hub.deployed!.routeTableIds['non-prod'],
              },
              {
                OutputKey: 'ProdRouteTableId',
                OutputValue: hub.deployed!.routeTableIds.prod,
              },
              ...hub.dns.privateZones.map((zone, i) => ({
                OutputKey: `PrivateZone${i + 1}`,
                Description: zone,
                OutputValue: `Z${i}HUBZONE`,
              })),
              ...hub.addressPlan!.pools.map(pool => ({
                OutputKey: `IpamPool${pool.name}Id`,
                Description: `hub.yaml deployed.ipamPoolIds.${pool.name}`,
                OutputValue: hub.deployed!.ipamPoolIds![pool.name],
              })),
            ],
          },
        ],
      });
    try {
      expect(
        await main(['hub-outputs', '--registry', registry, '--write']),
      ).toBe(0);
      const recorded = hubConfigSchema.parse(
        parse(fs.readFileSync(hubFile, 'utf8')),
      );
      expect(recorded.deployed!.transitGatewayId).toBe('tgw-0aaaabbbbccccdddd');
      expect(recorded.deployed!.privateZoneIds['dev.piksel.internal']).toBe(
        'Z1HUBZONE',
      );
      expect(outputs(process.env.GITHUB_OUTPUT!).changed).toBe('true');
      expect(
        fs.readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8'),
      ).toContain(
        '`deployed.transitGatewayId`: `tgw-0123456789abcdef0` → `tgw-0aaaabbbbccccdddd`',
      );

      fs.rmSync(process.env.GITHUB_OUTPUT!);
      const written = fs.readFileSync(hubFile, 'utf8');
      expect(
        await main(['hub-outputs', '--registry', registry, '--write']),
      ).toBe(0);
      expect(outputs(process.env.GITHUB_OUTPUT!).changed).toBe('false');
      expect(fs.readFileSync(hubFile, 'utf8')).toBe(written);

      delete process.env.GITHUB_TOKEN;
      await expect(
        main([
          'hub-outputs',
          '--registry',
          registry,
          '--repository',
          'acme/platform',
        ]),
      ).rejects.toThrow('GITHUB_TOKEN is required to propose the change');
    } finally {
      cloudFormation.restore();
    }
  });

  it('records the spokes the handshake wired in their files, then finds nothing to change', async () => {
    const registry = path.join(dir, 'config');
    writeRegistry(registry);
    const records = path.join(dir, 'records');
    fs.mkdirSync(records);
    const spoke = fixtures.registry().spokes[0].name;
    fs.writeFileSync(
      path.join(records, `${spoke}.json`),
      JSON.stringify({
        spoke,
        vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
        transitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbb1',
      }),
    );
    const args = [
      'spoke-deployed',
      '--registry',
      registry,
      '--records',
      records,
      '--write',
    ];
    expect(await main(args)).toBe(0);
    expect(outputs(process.env.GITHUB_OUTPUT!).changed).toBe('true');
    const file = path.join(registry, 'spokes', `${spoke}.yaml`);
    expect(parse(fs.readFileSync(file, 'utf8')).deployed).toEqual({
      vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
      transitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbb1',
      acceptedBy: 'handshake',
    });

    fs.rmSync(process.env.GITHUB_OUTPUT!);
    expect(await main(args)).toBe(0);
    expect(outputs(process.env.GITHUB_OUTPUT!).changed).toBe('false');

    fs.writeFileSync(
      path.join(records, 'ghost.json'),
      JSON.stringify({
        spoke: 'ghost',
        vpcId: 'vpc-0aaaaaaaaaaaaaaa2',
        transitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbb2',
      }),
    );
    await expect(main(args)).rejects.toThrow('ghost: no spoke file');
  });
});
