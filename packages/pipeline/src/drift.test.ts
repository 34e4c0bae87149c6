import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { detectDrift, driftMarkdown } from './drift';

const cfn = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'ap-southeast-3' });
const options = {
  stackName: 'platform-spoke-dev',
  account: '222233334444',
  region: 'ap-southeast-3',
  delay: async () => {},
  now: () => new Date('2026-12-06T02:00:00Z'),
};

describe('detectDrift', () => {
  beforeEach(() => {
    cfn.reset();
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-1' });
  });

  it('waits for detection and lists every drifted resource across pages', async () => {
    cfn
      .on(DescribeStackDriftDetectionStatusCommand)
      .resolvesOnce({
        StackId: 's',
        StackDriftDetectionId: 'd-1',
        DetectionStatus: 'DETECTION_IN_PROGRESS',
        Timestamp: new Date(),
      })
      .resolves({
        StackId: 's',
        StackDriftDetectionId: 'd-1',
        DetectionStatus: 'DETECTION_COMPLETE',
        StackDriftStatus: 'DRIFTED',
        Timestamp: new Date(),
      });
    cfn
      .on(DescribeStackResourceDriftsCommand)
      .resolvesOnce({
        NextToken: 't2',
        StackResourceDrifts: [
          {
            StackId: 's',
            LogicalResourceId: 'NodeGroup',
            ResourceType: 'AWS::EKS::Nodegroup',
            StackResourceDriftStatus: 'MODIFIED',
            PropertyDifferences: [
              {
                PropertyPath: '/ScalingConfig/DesiredSize',
                ExpectedValue: '2',
                ActualValue: '5',
                DifferenceType: 'NOT_EQUAL',
              },
            ],
            Timestamp: new Date(),
          },
        ],
      })
      .resolvesOnce({
        StackResourceDrifts: [
          {
            StackId: 's',
            LogicalResourceId: 'FlowLog',
            ResourceType: 'AWS::EC2::FlowLog',
            StackResourceDriftStatus: 'DELETED',
            Timestamp: new Date(),
          },
        ],
      });
    const drift = await detectDrift(client, options);
    expect(drift).toEqual({
      stackName: 'platform-spoke-dev',
      account: '222233334444',
      region: 'ap-southeast-3',
      status: 'DRIFTED',
      driftedResources: [
        {
          logicalId: 'NodeGroup',
          type: 'AWS::EKS::Nodegroup',
          status: 'MODIFIED',
          properties: ['/ScalingConfig/DesiredSize'],
        },
        {
          logicalId: 'FlowLog',
          type: 'AWS::EC2::FlowLog',
          status: 'DELETED',
          properties: [],
        },
      ],
      error: undefined,
      detectedAt: '2026-12-06T02:00:00.000Z',
    });
    expect(
      cfn.commandCalls(DescribeStackResourceDriftsCommand)[0].args[0].input,
    ).toMatchObject({
      StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
    });
  });

  it('reports a stack in sync without listing resources', async () => {
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 's',
      StackDriftDetectionId: 'd-1',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      Timestamp: new Date(),
    });
    expect((await detectDrift(client, options)).status).toBe('IN_SYNC');
    expect(cfn.commandCalls(DescribeStackResourceDriftsCommand)).toHaveLength(
      0,
    );
  });

  it('turns an access error into UNKNOWN with the reason instead of failing the report', async () => {
    cfn.on(DetectStackDriftCommand).rejects(
      Object.assign(new Error('not authorized to perform DetectStackDrift'), {
        name: 'AccessDenied',
      }),
    );
    const drift = await detectDrift(client, options);
    expect(drift).toMatchObject({
      status: 'UNKNOWN',
      error: 'AccessDenied: not authorized to perform DetectStackDrift',
    });
    expect(driftMarkdown({ generatedAt: 'now', stacks: [drift] })).toContain(
      '| `platform-spoke-dev` | 222233334444 | UNKNOWN | AccessDenied: not authorized to perform DetectStackDrift |',
    );
  });
});
