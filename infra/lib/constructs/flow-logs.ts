import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties for {@link VpcFlowLogs}. */
export interface VpcFlowLogsProps {
  /** The VPC whose traffic is logged. */
  readonly vpc: ec2.IVpc;
  /**
   * How long the flow log records are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * VPC flow logs (all traffic) into a CloudWatch log group that outlives the stack,
 * so the audit trail survives a teardown.
 */
export class VpcFlowLogs extends Construct {
  /** The log group that receives the flow log records. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(props.vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }
}
