import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/** Properties for {@link clientSecurityGroup}. */
export interface ClientSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  readonly description: string;
  /** CIDRs admitted on the port; nothing else comes in, nothing goes out. */
  readonly clientCidrs: string[];
  readonly port: number;
  /** The rule description, e.g. `MySQL`. */
  readonly label: string;
}

/** A security group admitting one TCP port from the given CIDRs, with no egress. */
export function clientSecurityGroup(
  scope: Construct,
  id: string,
  props: ClientSecurityGroupProps,
): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, {
    vpc: props.vpc,
    description: props.description,
    allowAllOutbound: false,
  });
  for (const cidr of props.clientCidrs) {
    group.addIngressRule(
      ec2.Peer.ipv4(cidr),
      ec2.Port.tcp(props.port),
      props.label,
    );
  }
  return group;
}

/**
 * What every platform Aurora cluster shares: storage encrypted with its key, IAM
 * authentication, the master password managed by RDS in Secrets Manager, tags copied
 * to snapshots, and deletion protection deciding the removal policy (kept, or a final
 * snapshot) and the default backup retention (35 days, else 7).
 */
export function auroraBaseline(props: {
  readonly key: kms.IKey;
  readonly deletionProtection: boolean;
  /** @default 35 days with deletion protection, else 7 */
  readonly backupRetentionDays?: number;
}): Pick<
  rds.DatabaseClusterProps,
  | 'storageEncrypted'
  | 'storageEncryptionKey'
  | 'iamAuthentication'
  | 'manageMasterUserPassword'
  | 'deletionProtection'
  | 'removalPolicy'
  | 'backup'
  | 'copyTagsToSnapshot'
> {
  return {
    storageEncrypted: true,
    storageEncryptionKey: props.key,
    iamAuthentication: true,
    // RDS keeps the master password in Secrets Manager and rotates it.
    manageMasterUserPassword: true,
    deletionProtection: props.deletionProtection,
    removalPolicy: props.deletionProtection
      ? RemovalPolicy.RETAIN
      : RemovalPolicy.SNAPSHOT,
    backup: {
      retention: Duration.days(
        props.backupRetentionDays ?? (props.deletionProtection ? 35 : 7),
      ),
      preferredWindow: '17:00-18:00',
    },
    copyTagsToSnapshot: true,
  };
}
