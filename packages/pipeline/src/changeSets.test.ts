import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { previewMarkdown, previewStack } from './changeSets';

const cfn = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'ap-southeast-3' });
const base = {
  stackName: 'platform-spoke-dev',
  changeSetName: 'platform-pr-7-abc1234',
  templateUrl: 'https://s3.ap-southeast-3.amazonaws.com/b/t.json',
  delay: async () => {},
};

describe('previewStack', () => {
  beforeEach(() => cfn.reset());

  it('creates a change set, reads every page of changes, and deletes it', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'platform-spoke-dev',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Parameters: [{ ParameterKey: 'BootstrapVersion' }],
        },
      ],
    });
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1' });
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_PENDING' })
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        NextToken: 'page-2',
        Changes: [
          {
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'Cluster',
              ResourceType: 'AWS::EKS::Cluster',
              Replacement: 'False',
            },
          },
        ],
      })
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            ResourceChange: {
              Action: 'Add',
              LogicalResourceId: 'Queue',
              ResourceType: 'AWS::SQS::Queue',
            },
          },
        ],
      });
    cfn.on(DeleteChangeSetCommand).resolves({});

    const preview = await previewStack(client, {
      ...base,
      parameterNames: ['BootstrapVersion', 'NewParameter'],
    });
    expect(preview).toEqual({
      stackName: 'platform-spoke-dev',
      status: 'changes',
      changes: [
        {
          action: 'Modify',
          logicalId: 'Cluster',
          type: 'AWS::EKS::Cluster',
          replacement: 'False',
        },
        {
          action: 'Add',
          logicalId: 'Queue',
          type: 'AWS::SQS::Queue',
          replacement: undefined,
        },
      ],
    });
    const create = cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input;
    expect(create).toMatchObject({
      ChangeSetType: 'UPDATE',
      TemplateURL: base.templateUrl,
      // Only parameters the deployed stack has keep their values.
      Parameters: [
        { ParameterKey: 'BootstrapVersion', UsePreviousValue: true },
      ],
    });
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cfn.commandCalls(DeleteChangeSetCommand)[0].args[0].input).toEqual({
      StackName: 'platform-spoke-dev',
      ChangeSetName: 'platform-pr-7-abc1234',
    });
  });

  it('reports no changes when CloudFormation finds none, and still deletes the change set', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'platform-hub',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
        },
      ],
    });
    cfn.on(CreateChangeSetCommand).resolves({});
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    const preview = await previewStack(client, base);
    expect(preview.status).toBe('no-changes');
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('makes no change set for a stack that is not deployed yet', async () => {
    cfn.on(DescribeStacksCommand).rejects(
      Object.assign(
        new Error('Stack with id platform-spoke-qa does not exist'),
        {
          name: 'ValidationError',
        },
      ),
    );
    const preview = await previewStack(client, {
      ...base,
      stackName: 'platform-spoke-qa',
    });
    expect(preview).toEqual({
      stackName: 'platform-spoke-qa',
      status: 'not-deployed',
      changes: [],
    });
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it("reports CloudFormation's reason when the change set fails", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'platform-hub',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
        },
      ],
    });
    cfn.on(CreateChangeSetCommand).resolves({});
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason: 'Template format error: Unresolved resource dependencies',
    });
    const preview = await previewStack(client, base);
    expect(preview).toMatchObject({
      status: 'failed',
      reason: 'Template format error: Unresolved resource dependencies',
    });
    expect(previewMarkdown([preview])).toContain(
      'failed: Template format error: Unresolved resource dependencies',
    );
  });

  it('refuses an inline template over the CloudFormation limit, naming the stack', async () => {
    await expect(
      previewStack(client, {
        ...base,
        templateUrl: undefined,
        templateBody: 'x'.repeat(60000),
      }),
    ).rejects.toThrow(
      /previewStack\(platform-spoke-dev\): templateBody is 60000 bytes, over CloudFormation's 51200/,
    );
    expect(cfn.calls()).toHaveLength(0);
  });
});
