import { isDate } from '../lib/errors';
import { AwsState } from '../state/AwsState';
import { AccountRegionState, MetricSeries, regionKey } from '../state/types';
import { ControlInputError } from './Faults';

type Item = Record<string, unknown>;

/** A metric series' control id: namespace, metric name, then its dimensions. */
export function metricId(m: MetricSeries): string {
  const dimensions = (m.Dimensions ?? [])
    .map(d => `${d.Name}=${d.Value}`)
    .join(',');
  return `${m.Namespace}/${m.MetricName}/${dimensions}`;
}

interface Collection {
  items: Item[];
  ids: (item: Item) => unknown[];
  account?: string;
  region?: string;
}

/** Every resource kind the control API can address, with the ids it accepts. */
const KINDS: Record<
  string,
  {
    description: string;
    collections: (r: AccountRegionState) => Collection[];
  }
> = {
  'eks-cluster': {
    description: 'EKS cluster; id: name',
    collections: r => [{ items: r.eks.clusters, ids: i => [i.name, i.arn] }],
  },
  'eks-nodegroup': {
    description: 'EKS node group; id: <cluster>/<nodegroup>',
    collections: r => [
      {
        items: r.eks.nodegroups,
        ids: i => [`${i.clusterName}/${i.nodegroupName}`, i.nodegroupArn],
      },
    ],
  },
  'eks-addon': {
    description: 'EKS add-on; id: <cluster>/<addon>',
    collections: r => [
      {
        items: r.eks.addons,
        ids: i => [`${i.clusterName}/${i.addonName}`, i.addonArn],
      },
    ],
  },
  'eks-insight': {
    description:
      'EKS cluster insight (upgrade readiness); id: <cluster>/<insight id>',
    collections: r => [
      {
        items: (r.eks.insights ?? []) as unknown as Item[],
        ids: i => [`${i.clusterName}/${i.id}`],
      },
    ],
  },
  'eks-capability': {
    description:
      'EKS Capability (managed Argo CD, ACK, kro); id: <cluster>/<capability>',
    collections: r => [
      {
        items: r.eks.capabilities,
        ids: i => [`${i.clusterName}/${i.capabilityName}`, i.arn],
      },
    ],
  },
  'network-interface': {
    description:
      'EC2 network interface (e.g. left by a load balancer or the VPC CNI); id: eni-…',
    collections: r => [
      { items: r.ec2.networkInterfaces, ids: i => [i.NetworkInterfaceId] },
    ],
  },
  vpc: {
    description: 'VPC; id: vpc-…',
    collections: r => [{ items: r.ec2.vpcs, ids: i => [i.VpcId] }],
  },
  'transit-gateway': {
    description: 'Transit gateway; id: tgw-…',
    collections: r => [
      { items: r.ec2.transitGateways, ids: i => [i.TransitGatewayId] },
    ],
  },
  'tgw-attachment': {
    description:
      'TGW attachment (association under Association); id: tgw-attach-…',
    collections: r => [
      { items: r.ec2.attachments, ids: i => [i.TransitGatewayAttachmentId] },
    ],
  },
  'tgw-route-table': {
    description: 'TGW route table; id: tgw-rtb-…',
    collections: r => [
      { items: r.ec2.routeTables, ids: i => [i.TransitGatewayRouteTableId] },
    ],
  },
  'tgw-route': {
    description: 'TGW route; id: <tgw-rtb-…>/<destination CIDR>',
    collections: r =>
      r.ec2.routeTables.map(t => ({
        items: t.Routes,
        ids: (i: Item) => [
          `${t.TransitGatewayRouteTableId}/${i.DestinationCidrBlock}`,
        ],
        parent: t.TransitGatewayRouteTableId,
      })),
  },
  'ipam-pool-allocation': {
    description:
      'IPAM pool allocation (create with parent = the pool id); id: <ipam-pool-…>/<ipam-pool-alloc-…>',
    collections: r =>
      (r.ec2.ipamPools ?? []).map(p => ({
        items: p.Allocations as unknown as Item[],
        ids: (i: Item) => [`${p.IpamPoolId}/${i.IpamPoolAllocationId}`],
        parent: p.IpamPoolId,
      })),
  },
  'rds-cluster': {
    description: 'Aurora/RDS cluster; id: identifier or ARN',
    collections: r => [
      {
        items: r.rds.clusters,
        ids: i => [i.DBClusterIdentifier, i.DBClusterArn],
      },
    ],
  },
  'rds-instance': {
    description: 'RDS instance; id: identifier or ARN',
    collections: r => [
      {
        items: r.rds.instances,
        ids: i => [i.DBInstanceIdentifier, i.DBInstanceArn],
      },
    ],
  },
  'rds-pending-maintenance': {
    description: 'Pending maintenance of one resource; id: the resource ARN',
    collections: r => [
      {
        items: r.rds.pendingMaintenance as unknown as Item[],
        ids: i => [i.ResourceIdentifier],
      },
    ],
  },
  'cloudwatch-metric': {
    description:
      'CloudWatch metric series (Values: one a minute, newest first); id: <namespace>/<metric>/<dimension>=<value>[,…], e.g. AWS/RDS/AuroraReplicaLag/DBInstanceIdentifier=prod-aurora-reader-1',
    collections: r => [
      {
        items: (r.cloudwatch ??= { metrics: [] }).metrics as unknown as Item[],
        ids: i => [metricId(i as unknown as MetricSeries)],
      },
    ],
  },
  secret: {
    description: 'Secrets Manager secret; id: name or ARN',
    collections: r => [
      { items: r.secretsManager.secrets, ids: i => [i.Name, i.ARN] },
    ],
  },
};

const GLOBAL_KIND = 'eks-cluster-version';

export const RESOURCE_KINDS: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(KINDS).map(([k, v]) => [k, v.description]),
  ),
  [GLOBAL_KIND]: 'EKS Kubernetes version (all accounts); id: e.g. 1.33',
};

/** Which resource a control call means. account/region narrow the search. */
export interface ResourceRef {
  kind: string;
  id: string;
  account?: string;
  region?: string;
}

const DATE_KEY = /(Date|Time|At)$/;

/** Turns ISO strings in timestamp-named fields into Dates, so every protocol renders them. */
function reviveDates(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && DATE_KEY.test(key)) {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) {
      throw new ControlInputError(
        `${key} must be an ISO 8601 date, got ${value}`,
      );
    }
    return d;
  }
  if (Array.isArray(value)) return value.map(v => reviveDates(v));
  if (value && typeof value === 'object' && !isDate(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, reviveDates(v, k)]),
    );
  }
  return value;
}

/** Objects merge, arrays and scalars replace, null deletes. */
function merge(target: Item, patch: Item): void {
  for (const [key, raw] of Object.entries(patch)) {
    const value = reviveDates(raw, key);
    const current = target[key];
    if (value === null) {
      delete target[key];
    } else if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !isDate(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current) &&
      !isDate(current)
    ) {
      merge(current as Item, value as Item);
    } else {
      target[key] = value;
    }
  }
}

export class Resources {
  constructor(private readonly state: AwsState) {}

  private checkKind(kind: unknown): string {
    if (typeof kind !== 'string' || !(kind in RESOURCE_KINDS)) {
      throw new ControlInputError(
        `kind must be one of ${Object.keys(RESOURCE_KINDS).join(
          ', ',
        )}, got ${JSON.stringify(kind)}`,
      );
    }
    return kind;
  }

  private locate(ref: ResourceRef): { item: Item; collection: Collection } {
    const kind = this.checkKind(ref.kind);
    if (typeof ref.id !== 'string' || !ref.id) {
      throw new ControlInputError('id must be a non-empty string');
    }
    if (kind === GLOBAL_KIND) {
      const items = this.state.data.eksVersions as unknown as Item[];
      const collection = { items, ids: (i: Item) => [i.clusterVersion] };
      const item = items.find(i => i.clusterVersion === ref.id);
      if (!item) throw new ControlInputError(`No ${kind} ${ref.id}`, 404);
      return { item, collection };
    }
    const hits: Array<{ item: Item; collection: Collection }> = [];
    for (const region of this.state.all()) {
      if (ref.account && region.account !== ref.account) continue;
      if (ref.region && region.region !== ref.region) continue;
      for (const collection of KINDS[kind].collections(region)) {
        for (const item of collection.items) {
          if (collection.ids(item).includes(ref.id)) {
            hits.push({
              item,
              collection: {
                ...collection,
                account: region.account,
                region: region.region,
              },
            });
          }
        }
      }
    }
    if (!hits.length) {
      throw new ControlInputError(
        `No ${kind} ${ref.id}${ref.account ? ` in ${ref.account}` : ''}${
          ref.region ? `/${ref.region}` : ''
        }`,
        404,
      );
    }
    if (hits.length > 1) {
      throw new ControlInputError(
        `${kind} ${ref.id} exists in ${hits
          .map(h => regionKey(h.collection.account!, h.collection.region!))
          .join(', ')}; say which with account and region`,
        409,
      );
    }
    return hits[0];
  }

  get(ref: ResourceRef): Item {
    return this.locate(ref).item;
  }

  /** Deep-merges `set` into the resource and returns it. */
  update(ref: ResourceRef, set: unknown): Item {
    if (!set || typeof set !== 'object' || Array.isArray(set)) {
      throw new ControlInputError('set must be an object of fields to change');
    }
    const { item } = this.locate(ref);
    merge(item, set as Item);
    return item;
  }

  remove(ref: ResourceRef): Item {
    const { item, collection } = this.locate(ref);
    collection.items.splice(collection.items.indexOf(item), 1);
    return item;
  }

  /**
   * Adds a resource in the SDK's shape. `parent` names the route table for a
   * `tgw-route` and the pool for an `ipam-pool-allocation`.
   */
  create(input: {
    kind: string;
    account?: string;
    region?: string;
    parent?: string;
    resource: unknown;
  }): Item {
    const kind = this.checkKind(input.kind);
    const resource = input.resource;
    if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
      throw new ControlInputError('resource must be an object');
    }
    const item = reviveDates(resource) as Item;
    let collection: Collection;
    if (kind === GLOBAL_KIND) {
      collection = {
        items: this.state.data.eksVersions as unknown as Item[],
        ids: i => [i.clusterVersion],
      };
    } else {
      if (!input.account || !input.region) {
        throw new ControlInputError(
          `account and region are required to create a ${kind}`,
        );
      }
      const region = this.state.region(input.account, input.region);
      const collections = KINDS[kind].collections(region) as Array<
        Collection & { parent?: string }
      >;
      const byParent = kind === 'tgw-route' || kind === 'ipam-pool-allocation';
      const found = byParent
        ? collections.find(c => c.parent === input.parent)
        : collections[0];
      if (!found) {
        throw new ControlInputError(
          `parent must name an existing ${
            kind === 'tgw-route' ? 'route table' : 'IPAM pool'
          } in ${input.account}/${input.region}`,
          404,
        );
      }
      collection = found;
    }
    const ids = collection
      .ids(item)
      .filter(
        (id): id is string =>
          typeof id === 'string' && !id.includes('undefined'),
      );
    if (!ids.length) {
      throw new ControlInputError(`resource lacks the id fields of a ${kind}`);
    }
    if (
      collection.items.some(other =>
        collection.ids(other).some(id => ids.includes(id as string)),
      )
    ) {
      throw new ControlInputError(`${kind} ${ids[0]} already exists`, 409);
    }
    collection.items.push(item);
    return item;
  }
}
