import { spokeConfigSchema } from '@internal/plugin-platform-common';
import { recordDeployed } from './recordDeployed';

/**
 * What the handshake learnt about a spoke it wired, for the spoke file's
 * `deployed:` block: with the VPC id the hub authorises the private zone
 * associations and the spoke associates them; with the attachment marked
 * accepted the spoke routes the hub. The handshake keeps owning acceptance,
 * association and routes (`acceptedBy: handshake`, docs/adr/0040).
 */
export interface SpokeDeployedRecord {
  readonly spoke: string;
  readonly vpcId: string;
  readonly transitGatewayAttachmentId: string;
}

const DEPLOYED_COMMENT = [
  ' Recorded by the pipeline once the Transit Gateway handshake wired this spoke',
  ' (platform-pipeline spoke-deployed); never copied by hand.',
].join('\n');

/** The spoke file with its `deployed:` block recording `record`. */
export function recordSpokeDeployed(
  spokeYaml: string,
  record: SpokeDeployedRecord,
): { text: string; changed: boolean } {
  return recordDeployed(
    spokeYaml,
    {
      vpcId: record.vpcId,
      transitGatewayAttachmentId: record.transitGatewayAttachmentId,
      acceptedBy: 'handshake',
    },
    {
      file: `spokes/${record.spoke}.yaml`,
      comment: DEPLOYED_COMMENT,
      schema: spokeConfigSchema,
    },
  );
}

/** A record read back from a file the handshake step wrote. */
export function parseSpokeDeployedRecord(
  json: unknown,
  source: string,
): SpokeDeployedRecord {
  const r = json as Partial<SpokeDeployedRecord> | null;
  if (
    !r ||
    typeof r.spoke !== 'string' ||
    !/^vpc-[0-9a-f]{8,17}$/.test(String(r.vpcId)) ||
    !/^tgw-attach-[0-9a-f]{8,17}$/.test(String(r.transitGatewayAttachmentId))
  ) {
    throw new Error(
      `${source}: not a spoke record (spoke, vpcId vpc-..., transitGatewayAttachmentId tgw-attach-...)`,
    );
  }
  return {
    spoke: r.spoke,
    vpcId: r.vpcId!,
    transitGatewayAttachmentId: r.transitGatewayAttachmentId!,
  };
}
