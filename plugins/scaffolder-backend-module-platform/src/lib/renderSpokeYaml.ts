import { Document, isSeq, visit } from 'yaml';
import { SpokeConfig } from '@internal/plugin-platform-common';

/**
 * The spoke as a registry file, laid out like the hand-written ones in
 * `infra/config/spokes/`: fields in schema order, short lists inline, numbers that
 * must stay strings (account, EKS version) quoted, and a header comment.
 */
export function renderSpokeYaml(
  spoke: SpokeConfig,
  headerLines: string[] = [],
): string {
  const ordered = {
    name: spoke.name,
    ...(spoke.description ? { description: spoke.description } : {}),
    environmentClass: spoke.environmentClass,
    account: spoke.account,
    region: spoke.region,
    owner: spoke.owner,
    network: {
      cidr: spoke.network.cidr,
      azCount: spoke.network.azCount,
      availabilityZones: spoke.network.availabilityZones,
      natGateways: spoke.network.natGateways,
      ...(spoke.network.pool ? { pool: spoke.network.pool } : {}),
    },
    dns: { privateZones: spoke.dns.privateZones },
    eks: {
      version: spoke.eks.version,
      nodeGroup: {
        instanceTypes: spoke.eks.nodeGroup.instanceTypes,
        desiredSize: spoke.eks.nodeGroup.desiredSize,
        minSize: spoke.eks.nodeGroup.minSize,
        maxSize: spoke.eks.nodeGroup.maxSize,
      },
    },
    aurora: {
      engineVersion: spoke.aurora.engineVersion,
      instanceClass: spoke.aurora.instanceClass,
      readers: spoke.aurora.readers,
      maxReaders: spoke.aurora.maxReaders,
      deletionProtection: spoke.aurora.deletionProtection,
    },
  };
  const doc = new Document(ordered);
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node)) node.flow = true;
    },
  });
  if (headerLines.length > 0) {
    doc.commentBefore = headerLines.map(line => ` ${line}`).join('\n');
  }
  return doc.toString({
    singleQuote: true,
    lineWidth: 0,
    flowCollectionPadding: false,
  });
}
