import {
  planSubnets,
  POD_CIDR,
  Registry,
  SpokeConfig,
} from '@internal/plugin-platform-common';
import { MAX_SPOKE_NAME_LENGTH } from './newSpoke';

/** One check that passed, with the facts it compared, for the reviewer. */
export interface PassedCheck {
  rule: string;
  detail: string;
}

function list(values: string[]): string {
  return values.length > 0 ? values.join(', ') : 'none';
}

/**
 * The checks a valid new spoke passed, stated with the values compared, so a
 * reviewer sees what was checked rather than a bare tick.
 */
export function passedChecks(
  registry: Registry,
  spoke: SpokeConfig,
): PassedCheck[] {
  const { hub, spokes } = registry;
  const others = spokes.filter(s => s.name !== spoke.name);
  const plan = planSubnets(spoke.network.cidr, spoke.network.azCount);
  const ng = spoke.eks.nodeGroup;
  return [
    {
      rule: 'unique-name',
      detail: `\`${spoke.name}\` is not the hub's (\`${
        hub.name
      }\`) nor a spoke's (${list(others.map(s => `\`${s.name}\``))}); ${
        spoke.name.length
      } characters, at most ${MAX_SPOKE_NAME_LENGTH} so AWS names derived from it fit`,
    },
    {
      rule: 'unique-account',
      detail: `\`${spoke.account}\` is not the hub's (\`${
        hub.account
      }\`) nor a spoke's (${list(others.map(s => `\`${s.account}\``))})`,
    },
    {
      rule: 'cidr-overlap',
      detail: `\`${spoke.network.cidr}\` overlaps none of hub \`${
        hub.network.cidr
      }\`, ${list(
        others.map(s => `${s.name} \`${s.network.cidr}\``),
      )}, nor the pod range \`${POD_CIDR}\``,
    },
    {
      rule: 'cidr-fits-subnet-plan',
      detail: `private ${list(
        plan.private.map(c => `\`${c}\``),
      )}; public ${list(plan.public.map(c => `\`${c}\``))}; database ${list(
        plan.database.map(c => `\`${c}\``),
      )}`,
    },
    {
      rule: 'az-count-range',
      detail: `${
        spoke.network.azCount
      } zones (${spoke.network.availabilityZones.join(', ')}), within 2 to 3`,
    },
    {
      rule: 'same-region-as-hub',
      detail: `\`${spoke.region}\`, the hub's region (the Transit Gateway is regional)`,
    },
    {
      rule: 'prod-deletion-protection',
      detail:
        spoke.environmentClass === 'prod'
          ? 'prod: Aurora deletion protection is on, as prod requires'
          : `non-prod: Aurora deletion protection is ${
              spoke.aurora.deletionProtection ? 'on' : 'off'
            } (either is allowed)`,
    },
    {
      rule: 'node-group-range',
      detail: `min ${ng.minSize} <= desired ${ng.desiredSize} <= max ${ng.maxSize}`,
    },
    {
      rule: 'known-zone',
      detail: `private zones ${list(
        spoke.dns.privateZones.map(z => `\`${z}\``),
      )} are all hub private zones`,
    },
  ];
}

function cell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Markdown for the pull request: what was asked for, as it will be written, and
 * every check it passed on the server.
 */
export function validationReportMarkdown(
  registry: Registry,
  spoke: SpokeConfig,
  file: string,
): string {
  const rows: Array<[string, unknown]> = [
    ['name', spoke.name],
    ['environment class', spoke.environmentClass],
    ['AWS account', spoke.account],
    ['region', spoke.region],
    ['owner', spoke.owner],
    ['VPC CIDR', spoke.network.cidr],
    ['availability zones', spoke.network.availabilityZones],
    ['NAT gateways', spoke.network.natGateways],
    ['private zones', spoke.dns.privateZones],
    ['EKS version', spoke.eks.version],
    ['node group instance types', spoke.eks.nodeGroup.instanceTypes],
    [
      'node group size (min / desired / max)',
      `${spoke.eks.nodeGroup.minSize} / ${spoke.eks.nodeGroup.desiredSize} / ${spoke.eks.nodeGroup.maxSize}`,
    ],
    ['Aurora engine', spoke.aurora.engineVersion],
    ['Aurora instance class', spoke.aurora.instanceClass],
    [
      'Aurora readers (at rest / max)',
      `${spoke.aurora.readers} / ${spoke.aurora.maxReaders}`,
    ],
    ['Aurora deletion protection', spoke.aurora.deletionProtection],
  ];
  const checks = passedChecks(registry, spoke);
  return [
    `### Inputs (\`${file}\`)`,
    '',
    '| field | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    `### Validation (on the portal's server, against the registry: hub \`${
      registry.hub.name
    }\` and ${registry.spokes.length} spoke${
      registry.spokes.length === 1 ? '' : 's'
    })`,
    '',
    'The registry schema and every single-file and cross-file rule passed, among them:',
    '',
    ...checks.map(c => `- **${c.rule}**: ${c.detail}`),
  ].join('\n');
}
