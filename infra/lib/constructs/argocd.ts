import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The namespace services' Applications and AppProjects live in. */
export const ARGOCD_NAMESPACE = 'argocd';

/** Properties for {@link ArgoCdCapability}. */
export interface ArgoCdCapabilityProps {
  /** The cluster's name (a token, so the capability waits for the cluster). */
  readonly clusterName: string;
  /** The IAM Identity Center instance Argo CD signs users in with. */
  readonly identityCenter: {
    readonly instanceArn: string;
    readonly region: string;
  };
  /** Identity Center group ids per Argo CD role. */
  readonly roleMappings: {
    readonly admin: string[];
    readonly viewer?: string[];
  };
}

/**
 * Argo CD as the AWS-managed EKS Capability (`AWS::EKS::Capability`, type ARGOCD):
 * runs outside the cluster's nodes, signs users in through IAM Identity Center, and
 * its status is read through the EKS API (DescribeCapability). The capability role
 * is trusted by `capabilities.eks.amazonaws.com` only and carries no permissions:
 * applications come from Git through the platform repository.
 */
export class ArgoCdCapability extends Construct {
  readonly role: iam.Role;
  readonly capability: eks.CfnCapability;

  constructor(scope: Construct, id: string, props: ArgoCdCapabilityProps) {
    super(scope, id);
    if (props.roleMappings.admin.length === 0) {
      throw new Error(
        'ArgoCdCapability: roleMappings.admin needs at least one Identity Center group',
      );
    }
    this.role = new iam.Role(this, 'Role', {
      description: 'EKS Capability role of the managed Argo CD',
      assumedBy: new iam.ServicePrincipal(
        'capabilities.eks.amazonaws.com',
      ).withSessionTags(),
    });
    const group = (groupId: string) => ({ id: groupId, type: 'SSO_GROUP' });
    this.capability = new eks.CfnCapability(this, 'Capability', {
      capabilityName: 'argocd',
      clusterName: props.clusterName,
      type: 'ARGOCD',
      roleArn: this.role.roleArn,
      // Deleting the capability keeps what it deployed; teardown removes it first.
      deletePropagationPolicy: 'RETAIN',
      configuration: {
        argoCd: {
          namespace: ARGOCD_NAMESPACE,
          awsIdc: {
            idcInstanceArn: props.identityCenter.instanceArn,
            idcRegion: props.identityCenter.region,
          },
          rbacRoleMappings: [
            { role: 'ADMIN', identities: props.roleMappings.admin.map(group) },
            ...(props.roleMappings.viewer?.length
              ? [
                  {
                    role: 'VIEWER',
                    identities: props.roleMappings.viewer.map(group),
                  },
                ]
              : []),
          ],
        },
      },
    });
  }
}
