import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/**
 * Acknowledges specific findings of one cdk-nag rule on a construct, each written as
 * cdk-nag prints it after the rule id, e.g. `Resource::arn:<AWS::Partition>:ec2:...`
 * or `Action::route53:ListHostedZones`.
 */
export function acknowledgeFindings(
  scope: IConstruct,
  ruleId: string,
  findings: string[],
  reason: string,
): void {
  Validations.of(scope).acknowledge(
    ...findings.map(finding => ({ id: `${ruleId}[${finding}]`, reason })),
  );
}

/**
 * The AwsSolutions-IAM5 findings a set of statements produces (each resource or
 * action containing `*`), as cdk-nag prints them. Build the statements with
 * `<AWS::Partition>` as the partition to get the printed form.
 */
export function wildcardFindings(statements: iam.PolicyStatement[]): string[] {
  const findings = new Set<string>();
  for (const statement of statements) {
    for (const resource of statement.resources) {
      if (resource.includes('*')) findings.add(`Resource::${resource}`);
    }
    for (const action of statement.actions) {
      if (action.includes('*')) findings.add(`Action::${action}`);
    }
  }
  return [...findings];
}
