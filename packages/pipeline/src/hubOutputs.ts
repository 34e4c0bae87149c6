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
import { isDeepStrictEqual } from 'util';
import { Document, isScalar, parseDocument, Scalar, YAMLMap } from 'yaml';

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
  const doc = parseDocument(hubYaml);
  const before = doc.toJS()?.deployed;
  if (isDeepStrictEqual(before, deployed))
    return { text: hubYaml, changed: false };

  const existing = doc.get('deployed', true);
  let text: string;
  if (existing instanceof YAMLMap && existing.range) {
    // Leaf by leaf, so comments inside the block survive; then only the block's own
    // text is replaced, so the rest of the file keeps its exact formatting.
    const set = (path: string[], v: unknown) =>
      doc.setIn(['deployed', ...path], v);
    set(['transitGatewayId'], deployed.transitGatewayId);
    set(['routeTableIds', 'non-prod'], deployed.routeTableIds['non-prod']);
    set(['routeTableIds', 'prod'], deployed.routeTableIds.prod);
    set(
      ['resolverInboundIps'],
      doc.createNode(deployed.resolverInboundIps, { flow: true }),
    );
    syncRecord(doc, ['deployed', 'privateZoneIds'], deployed.privateZoneIds);
    if (deployed.ipamPoolIds) {
      syncRecord(doc, ['deployed', 'ipamPoolIds'], deployed.ipamPoolIds);
    } else {
      doc.deleteIn(['deployed', 'ipamPoolIds']);
    }
    const key = (doc.contents as YAMLMap).items.find(
      item => isScalar(item.key) && item.key.value === 'deployed',
    )!.key as Scalar;
    const block = new Document({});
    block.set('deployed', existing);
    text =
      hubYaml.slice(0, key.range![0]) +
      block.toString({ flowCollectionPadding: false }) +
      hubYaml.slice(existing.range[2]);
  } else {
    const block = new Document({ deployed });
    block.commentBefore = DEPLOYED_COMMENT;
    const head = hubYaml.endsWith('\n') ? hubYaml : `${hubYaml}\n`;
    text = head + block.toString({ flowCollectionPadding: false });
  }
  const parsed = hubConfigSchema.safeParse(parseDocument(text).toJS());
  if (!parsed.success) {
    throw new Error(
      `the recorded hub.yaml would be invalid: ${parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return { text, changed: true };
}

/** Sets a string map in place: new keys added, changed values set, gone keys removed. */
function syncRecord(
  doc: ReturnType<typeof parseDocument>,
  path: string[],
  record: Record<string, string>,
) {
  const current = doc.getIn(path);
  if (!(current instanceof YAMLMap)) {
    doc.setIn(path, doc.createNode(record));
    return;
  }
  for (const [k, v] of Object.entries(record)) doc.setIn([...path, k], v);
  for (const item of [...current.items]) {
    const key = String((item.key as { value?: unknown })?.value ?? item.key);
    if (!(key in record)) doc.deleteIn([...path, key]);
  }
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
