import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM4 finding for each AWS managed policy a
 * construct attaches; cdk-nag reports one finding per policy ARN.
 */
export function acknowledgeManagedPolicies(
  scope: IConstruct,
  policyNames: string[],
  reason: string,
): void {
  Validations.of(scope).acknowledge(
    ...policyNames.map(name => ({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      reason,
    })),
  );
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for specific wildcard resources,
 * written as cdk-nag prints them (`<AWS::Partition>` for the partition, this stack's
 * region and account filled in): `resources` are `service:resource` suffixes such as
 * `eks:nodegroup/dev/*`, or `*`.
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  resources: string[],
  reason: string,
): void {
  const stack = Stack.of(scope);
  Validations.of(scope).acknowledge(
    ...resources.map(resource => {
      if (resource === '*') {
        return { id: 'AwsSolutions-IAM5[Resource::*]', reason };
      }
      const [service, ...rest] = resource.split(':');
      return {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${service}:${
          stack.region
        }:${stack.account}:${rest.join(':')}]`,
        reason,
      };
    }),
  );
}
