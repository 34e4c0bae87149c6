import { diffStackTemplates } from './stackDiff';

const vpc = (cidr: string) => ({
  Type: 'AWS::EC2::VPC',
  Properties: { CidrBlock: cidr },
});
const topic = (name: string) => ({
  Type: 'AWS::SNS::Topic',
  Properties: { TopicName: name },
});

describe('diffStackTemplates', () => {
  it('reports new, changed and removed stacks with their resource counts, skipping unchanged ones', () => {
    const diffs = diffStackTemplates(
      [
        {
          stackName: 'hub',
          account: '1',
          template: { Resources: { A: topic('a') } },
        },
        { stackName: 'same', template: { Resources: { A: topic('a') } } },
        { stackName: 'gone', template: { Resources: { A: topic('a') } } },
      ],
      [
        {
          stackName: 'hub',
          account: '1',
          template: { Resources: { A: topic('a'), B: topic('b') } },
        },
        { stackName: 'same', template: { Resources: { A: topic('a') } } },
        {
          stackName: 'spoke',
          template: { Resources: { V: vpc('10.4.0.0/16'), T: topic('t') } },
        },
      ],
    );
    expect(
      diffs.map(d => [d.stackName, d.status, d.added, d.modified, d.removed]),
    ).toEqual([
      ['hub', 'changed', 1, 0, 0],
      ['spoke', 'new', 2, 0, 0],
      ['gone', 'removed', 0, 0, 1],
    ]);
    expect(diffs[1].addedTypes).toEqual({
      'AWS::EC2::VPC': 1,
      'AWS::SNS::Topic': 1,
    });
    expect(diffs[1].text).toContain('[+] AWS::EC2::VPC V');
    expect(diffs[1].text).not.toContain('\u001b[');
  });

  it('calls out a resource CloudFormation would replace or delete', () => {
    const [diff] = diffStackTemplates(
      [
        {
          stackName: 'hub',
          template: { Resources: { V: vpc('10.0.0.0/16'), T: topic('t') } },
        },
      ],
      [
        {
          stackName: 'hub',
          template: { Resources: { V: vpc('10.9.0.0/16') } },
        },
      ],
    );
    expect(diff.destructive).toEqual([
      { logicalId: 'V', type: 'AWS::EC2::VPC', impact: 'WILL_REPLACE' },
      { logicalId: 'T', type: 'AWS::SNS::Topic', impact: 'WILL_DESTROY' },
    ]);
  });
});
