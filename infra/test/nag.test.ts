import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildApp } from '../lib/app';
import { deployedRegistry, sampleRegistry } from './helpers';

function findings(root: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(root);
  return report.violations.flatMap(v =>
    v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`),
  );
}

function acknowledgements(root: IConstruct): Array<[string, string, string]> {
  return root.node
    .findAll()
    .flatMap(c =>
      c.node.metadata
        .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap(m =>
          Object.entries(m.data as Record<string, string>).map(
            ([id, reason]) =>
              [c.node.path, id, reason] as [string, string, string],
          ),
        ),
    );
}

// Both registry states: before the spokes' first deploy, and after it (when the hub
// adds acceptance and zone authorisation calls).
const apps = {
  sample: buildApp(sampleRegistry(), { nag: false }).app,
  deployed: buildApp(deployedRegistry(), { nag: false }).app,
};

describe('cdk-nag AwsSolutions', () => {
  it.each(Object.keys(apps))(
    'has no unacknowledged findings (%s registry)',
    name => {
      expect(findings(apps[name as keyof typeof apps])).toEqual([]);
    },
  );

  it('gives every acknowledgement a full-sentence reason', () => {
    // aws-cdk-lib records its own CloudFormation-Validate acknowledgements too.
    const acks = acknowledgements(apps.deployed).filter(([, id]) =>
      id.includes('AwsSolutions-'),
    );
    expect(acks.length).toBeGreaterThan(0);
    const bad = acks.filter(([, , reason]) => !/^[A-Z].{30,}\.$/.test(reason));
    expect(bad).toEqual([]);
  });

  it('acknowledges wildcard and managed-policy findings one by one, never a whole rule', () => {
    const acks = acknowledgements(apps.deployed).filter(([, id]) =>
      id.includes('AwsSolutions-'),
    );
    const blanket = acks.filter(([, id]) => /AwsSolutions-IAM[45]$/.test(id));
    expect(blanket).toEqual([]);
    // The Karpenter controller acknowledges `*` only for its read-only calls, next
    // to ARN-pattern findings for what it creates (each conditioned on tags).
    const karpenter = acks.filter(([path]) =>
      path.endsWith('Karpenter/ControllerRole'),
    );
    expect(karpenter.length).toBeGreaterThan(5);
    expect(karpenter.map(([, id]) => id)).toContain(
      'Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::444455556666:instance-profile/*]',
    );
  });

  it('runs as a validation plugin at synth time and fails on a finding', () => {
    const { app, spokes } = buildApp(sampleRegistry());
    // Withdraw one acknowledgement's subject: a queue without TLS enforcement.
    const { Queue } = require('aws-cdk-lib/aws-sqs');
    new Queue(spokes.dev, 'UnencryptedQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
