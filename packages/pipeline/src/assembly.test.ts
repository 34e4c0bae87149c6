import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from './assembly';

function writeAssembly(
  artifacts: Record<string, unknown>,
  files: Record<string, unknown>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-out-'));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ version: '54.0.0', artifacts }),
  );
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  }
  return dir;
}

describe('readAssembly', () => {
  it('reads stacks with their account, region, stack dependencies, roles and template asset', () => {
    const dir = writeAssembly(
      {
        'platform-spoke-dev.assets': { type: 'cdk:asset-manifest' },
        'platform-spoke-dev': {
          type: 'aws:cloudformation:stack',
          environment: 'aws://222233334444/ap-southeast-3',
          dependencies: ['platform-spoke-dev.assets', 'platform-cicd-dev'],
          properties: {
            templateFile: 'platform-spoke-dev.template.json',
            assumeRoleArn:
              'arn:${AWS::Partition}:iam::222233334444:role/cdk-hnb659fds-deploy-role-222233334444-ap-southeast-3',
            lookupRole: {
              arn: 'arn:${AWS::Partition}:iam::222233334444:role/cdk-hnb659fds-lookup-role-222233334444-ap-southeast-3',
            },
          },
        },
        'platform-cicd-dev': {
          type: 'aws:cloudformation:stack',
          environment: 'aws://222233334444/ap-southeast-3',
          properties: { templateFile: 'platform-cicd-dev.template.json' },
        },
      },
      {
        'platform-spoke-dev.template.json': { Resources: { A: {} } },
        'platform-cicd-dev.template.json': { Resources: {} },
        'platform-spoke-dev.assets.json': {
          files: {
            abc: {
              source: { path: 'platform-spoke-dev.template.json' },
              destinations: {
                d: {
                  bucketName: 'cdk-assets',
                  objectKey: 'abc.json',
                  assumeRoleArn:
                    'arn:${AWS::Partition}:iam::222233334444:role/publish',
                },
              },
            },
          },
        },
      },
    );
    const { stacks } = readAssembly(dir);
    expect(stacks.map(s => s.stackName)).toEqual([
      'platform-spoke-dev',
      'platform-cicd-dev',
    ]);
    expect(stacks[0]).toMatchObject({
      account: '222233334444',
      region: 'ap-southeast-3',
      dependencies: ['platform-cicd-dev'],
      template: { Resources: { A: {} } },
      deployRoleArn:
        'arn:aws:iam::222233334444:role/cdk-hnb659fds-deploy-role-222233334444-ap-southeast-3',
      templateAsset: {
        bucketName: 'cdk-assets',
        objectKey: 'abc.json',
        publishRoleArn: 'arn:aws:iam::222233334444:role/publish',
      },
    });
  });

  it('names the folder when there is no manifest, and the stack when it has no environment', () => {
    expect(() => readAssembly('/nonexistent/cdk.out')).toThrow(
      '/nonexistent/cdk.out/manifest.json does not exist: synthesize the app into /nonexistent/cdk.out first',
    );
    const dir = writeAssembly(
      {
        loose: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/unknown-region',
        },
      },
      {},
    );
    expect(() => readAssembly(dir)).toThrow(
      /stack loose has environment 'aws:\/\/unknown-account\/unknown-region', expected aws:\/\/<account>\/<region>/,
    );
  });
});
