import {
  CloudFormationClient,
  DescribeStacksCommand,
  Output,
} from '@aws-sdk/client-cloudformation';
import {
  hubConfigSchema,
  HubDeployedConfig,
  hubResolverInboundIps,
} from '@internal/plugin-platform-common';
import { recordDeployed } from './recordDeployed';

/**
 * The hub stack's outputs recorded in `hub.yaml` `deployed:`. Spoke stacks live in
 * other accounts and cannot reference the hub stack, so the ids travel through the
 * registry; the pipeline reads them after each hub deploy and proposes the change
 * as a pull request, so nobody copies an id from a console.
 */

/** The hub stack's name (`infra/bin`), whose outputs are recorded. */
export const HUB_STACK_NAME = 'platform-hub';

/** Output descriptions that name the registry field they fill (hub stack). */
const IPAM_POOL_DESCRIPTION = 'hub.yaml deployed.ipamPoolIds.';

/** The parts of `hub.yaml` that say which outputs the hub stack has. */
export interface HubShape {
  readonly network: {
    readonly cidr: string;
    readonly availabilityZones: readonly string[];
  };
  readonly dns: { readonly privateZones: readonly string[] };
  readonly addressPlan?: {
    readonly pools: ReadonlyArray<{ readonly name: string }>;
  };
}

/**
 * `deployed:` from the hub stack's outputs.
 *
 * @throws Error naming every output the hub stack should have and has not
 * (an older hub stack, or a stack still being created).
 */
export function hubDeployedFromOutputs(
  outputs: readonly Output[],
  hub: HubShape,
): HubDeployedConfig {
  const byKey = new Map(outputs.map(o => [o.OutputKey, o]));
  const missing: string[] = [];
  const value = (key: string): string => {
    const v = byKey.get(key)?.OutputValue;
    if (!v) missing.push(key);
    return v ?? '';
  };

  const privateZoneIds: Record<string, string> = {};
  const zoneOutputs = outputs.filter(o =>
    /^PrivateZone\d+$/.test(o.OutputKey ?? ''),
  );
  for (const zone of hub.dns.privateZones) {
    const output = zoneOutputs.find(o => o.Description === zone);
    if (output?.OutputValue) privateZoneIds[zone] = output.OutputValue;
    else missing.push(`PrivateZone<n> described '${zone}'`);
  }

  const ipamPoolIds: Record<string, string> = {};
  for (const pool of hub.addressPlan?.pools ?? []) {
    const output = outputs.find(
      o => o.Description === `${IPAM_POOL_DESCRIPTION}${pool.name}`,
    );
    if (output?.OutputValue) ipamPoolIds[pool.name] = output.OutputValue;
    else
      missing.push(
        `IpamPool<Name>Id described '${IPAM_POOL_DESCRIPTION}${pool.name}'`,
      );
  }

  const deployed: HubDeployedConfig = {
    transitGatewayId: value('TransitGatewayId'),
    routeTableIds: {
      'non-prod': value('NonProdRouteTableId'),
      prod: value('ProdRouteTableId'),
    },
    // Pinned by the stack, not an output: the hub stack gives the inbound endpoint
    // these addresses, and the registry check insists on them.
    resolverInboundIps: hubResolverInboundIps(
      hub.network.cidr,
      hub.network.availabilityZones.length,
    ),
    privateZoneIds,
    ...(hub.addressPlan ? { ipamPoolIds } : {}),
  };
  if (missing.length) {
    throw new Error(
      `${HUB_STACK_NAME} lacks the outputs hub.yaml deployed needs: ${missing.join(
        ', ',
      )}`,
    );
  }
  return deployed;
}

/** The hub stack's outputs, or an error saying the stack is not deployed. */
export async function readStackOutputs(
  cloudFormation: CloudFormationClient,
  stackName = HUB_STACK_NAME,
): Promise<Output[]> {
  const { Stacks } = await cloudFormation.send(
    new DescribeStacksCommand({ StackName: stackName }),
  );
  const stack = Stacks?.[0];
  if (!stack) throw new Error(`${stackName} is not deployed`);
  if (
    !/_COMPLETE$/.test(stack.StackStatus ?? '') ||
    /ROLLBACK|DELETE/.test(stack.StackStatus ?? '')
  ) {
    throw new Error(
      `${stackName} is ${stack.StackStatus}: its outputs are recorded only from a completed create or update`,
    );
  }
  return stack.Outputs ?? [];
}

const DEPLOYED_COMMENT = [
  ' Outputs of the hub stack, recorded by the pipeline after each hub deploy',
  ' (platform-pipeline hub-outputs), so spoke stacks never reference another',
  " account's stack.",
].join('\n');

/**
 * `hub.yaml` with `deployed:` set to `deployed`, keeping every comment and the
 * order of the rest of the file. Unchanged text when it already records them.
 *
 * @throws Error when the result would not be a valid `hub.yaml`.
 */
export function recordHubDeployed(
  hubYaml: string,
  deployed: HubDeployedConfig,
): { text: string; changed: boolean } {
  return recordDeployed(hubYaml, deployed, {
    file: 'hub.yaml',
    comment: DEPLOYED_COMMENT,
    schema: hubConfigSchema,
  });
}

/** The changed fields of `deployed:`, for the pull request body. */
export function describeDeployedChange(
  before: HubDeployedConfig | undefined,
  after: HubDeployedConfig,
): string[] {
  const flat = (v: unknown, prefix: string, out: Map<string, string>) => {
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        flat(x, prefix ? `${prefix}.${k}` : k, out);
      }
    } else if (v !== undefined) {
      out.set(prefix, String(v));
    }
    return out;
  };
  const a = flat(before, '', new Map());
  const b = flat(after, '', new Map());
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const line = (k: string) => {
    if (!b.has(k)) return `\`deployed.${k}\`: removed (was \`${a.get(k)}\`)`;
    if (!a.has(k)) return `\`deployed.${k}\`: \`${b.get(k)}\` (new)`;
    return `\`deployed.${k}\`: \`${a.get(k)}\` → \`${b.get(k)}\``;
  };
  return keys.filter(k => a.get(k) !== b.get(k)).map(line);
}
