import { Acknowledgment, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Properties for {@link AwsCall}. */
export interface AwsCallProps {
  /** The call made when the resource is created (and repeated on update). */
  readonly onCreate: cr.AwsSdkCall;
  /** The call that undoes it when the resource is deleted. */
  readonly onDelete?: cr.AwsSdkCall;
  /** The only permissions the call needs. */
  readonly statements: iam.PolicyStatement[];
  /** cdk-nag findings on this call's policy that are acknowledged, with reasons. */
  readonly acknowledgements?: Acknowledgment[];
}

const PROVIDER_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(
  /-/g,
  '',
)}`;

/**
 * One AWS API call that CloudFormation has no resource type for (accepting a
 * Transit Gateway attachment, authorising a hosted zone association), made by the
 * stack's shared `AwsCustomResource` provider with a policy scoped to that call.
 */
export class AwsCall extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: AwsCallProps) {
    super(scope, id);
    this.resource = new cr.AwsCustomResource(this, 'Call', {
      onCreate: props.onCreate,
      onUpdate: props.onCreate,
      onDelete: props.onDelete,
      policy: cr.AwsCustomResourcePolicy.fromStatements(props.statements),
      installLatestAwsSdk: false,
    });
    if (props.acknowledgements?.length) {
      Validations.of(this.resource).acknowledge(...props.acknowledgements);
    }
    const provider = Stack.of(this).node.tryFindChild(PROVIDER_ID);
    if (provider) {
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'The shared custom resource provider only needs to write its own logs, which is exactly what the AWS managed basic execution policy grants.',
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            'The provider runtime is chosen by aws-cdk-lib for the bundled SDK handler and moves forward with each aws-cdk-lib upgrade.',
        },
      );
    }
  }
}
