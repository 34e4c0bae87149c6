import { diffStackTemplates } from '@internal/plugin-platform-common/node';
import { diffMarkdown } from './cloudFormationDiff';

const vpc = (cidr: string) => ({
  Type: 'AWS::EC2::VPC',
  Properties: { CidrBlock: cidr },
});
const topic = (name: string) => ({
  Type: 'AWS::SNS::Topic',
  Properties: { TopicName: name },
});

describe('diffMarkdown', () => {
  it('calls out a resource CloudFormation would replace or delete', () => {
    const diffs = diffStackTemplates(
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
    expect(diffMarkdown(diffs)).toContain(
      '**Replaces or deletes 2 resources:**\n\n- `hub` AWS::EC2::VPC `V`: WILL_REPLACE\n- `hub` AWS::SNS::Topic `T`: WILL_DESTROY',
    );
  });

  const many = {
    Resources: Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`Topic${i}`, topic(`t${i}`)]),
    ),
  };

  it('says so when nothing changes', () => {
    expect(diffMarkdown([])).toBe(
      '### CloudFormation diff\n\nNo stack changes.',
    );
  });

  it('folds a new stack away and shows a changed one in full', () => {
    const md = diffMarkdown(
      diffStackTemplates(
        [
          {
            stackName: 'hub',
            account: '111122223333',
            template: { Resources: {} },
          },
        ],
        [
          {
            stackName: 'hub',
            account: '111122223333',
            template: { Resources: { T: topic('t') } },
          },
          {
            stackName: 'spoke',
            account: '555566667777',
            template: { Resources: { V: vpc('10.4.0.0/16') } },
          },
        ],
      ),
    );
    expect(md).toContain('| `hub` | 111122223333 | changed | 1 | 0 | 0 |');
    expect(md).toContain('| `spoke` | 555566667777 | new | 1 | 0 | 0 |');
    expect(md).toContain('#### `hub` (changed)\n\n```text\n');
    expect(md).toContain(
      '#### `spoke` (new)\n\n1 new resources: AWS::EC2::VPC × 1.\n\n<details><summary>cdk diff of the new stack</summary>',
    );
    expect(md).toContain('No resource is replaced or deleted.');
  });

  it('shortens the diff text to fit maxChars, at a line end, leaving room for later stacks', () => {
    const diffs = diffStackTemplates(
      [],
      [
        { stackName: 'first', template: many },
        { stackName: 'second', template: many },
      ],
    );
    const md = diffMarkdown(diffs, { maxChars: 5000 });
    expect(md.length).toBeLessThanOrEqual(5000);
    expect(md).toContain('#### `first` (new)');
    expect(md).toContain('#### `second` (new)');
    expect(md).toMatch(
      /\[\+\] AWS::SNS::Topic Topic\d+\n\.\.\. \d+ more characters not shown/,
    );
  });
});
