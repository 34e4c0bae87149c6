import { cidrWithin, parseCidr } from '../lib/cidr';
import { AwsError } from '../lib/errors';
import { applyFilters, FilterFields } from '../lib/filters';
import { paginate } from '../lib/paginate';
import { ec2Protocol } from '../protocols/ec2';
import {
  filtersParam,
  intParam,
  listParam,
  parseQueryBody,
  QueryFilter,
  QueryParams,
} from '../protocols/queryParams';
import { hexId, randomAlnum } from '../lib/ids';
import {
  Ec2Tag,
  IpamPoolAllocation,
  NetworkInterface,
  TgwAttachment,
  TgwRoute,
  TgwRouteTable,
  TransitGateway,
  Vpc,
} from '../state/types';
import { CallContext, Route, Service } from './types';

const invalidValue = (message: string) =>
  new AwsError('InvalidParameterValue', message, 400);
const unknownFilter = (name: string) =>
  invalidValue(`The filter '${name}' is invalid`);

interface Listing {
  ids: string[];
  filters: QueryFilter[];
  maxResults?: number;
  nextToken?: string;
}

function listing(params: QueryParams, idsKey?: string): Listing {
  const maxResults = intParam(params, 'MaxResults');
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000)
  ) {
    throw invalidValue(
      `Value ( ${params.get(
        'MaxResults',
      )} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  return {
    ids: idsKey ? listParam(params, idsKey) : [],
    filters: filtersParam(params, 'Filter'),
    maxResults,
    nextToken: params.get('NextToken'),
  };
}

function page<T>(operation: string, items: T[], l: Listing) {
  return paginate(items, {
    operation,
    token: l.nextToken,
    maxResults: l.maxResults,
    defaultMax: 1000,
    invalidToken: t =>
      new AwsError('InvalidPaginationToken', `Invalid pagination token: ${t}`),
  });
}

/** Keeps the requested ids, in order, or fails on the first unknown one like EC2. */
function byIds<T>(
  items: T[],
  ids: string[],
  id: (item: T) => string,
  notFound: (id: string) => AwsError,
): T[] {
  if (!ids.length) return items;
  return ids.map(wanted => {
    const found = items.find(item => id(item) === wanted);
    if (!found) throw notFound(wanted);
    return found;
  });
}

/** TGWs the caller owns or that are shared with it (RAM). */
function visibleTransitGateways(ctx: CallContext): TransitGateway[] {
  return ctx.state
    .inRegion(ctx.region)
    .flatMap(r => r.ec2.transitGateways)
    .filter(
      t => t.OwnerId === ctx.account || t.SharedWith?.includes(ctx.account),
    );
}

/** Attachments of TGWs the caller owns, and the caller's own attachments. */
function visibleAttachments(ctx: CallContext): TgwAttachment[] {
  return ctx.state
    .inRegion(ctx.region)
    .flatMap(r => r.ec2.attachments)
    .filter(
      a =>
        a.TransitGatewayOwnerId === ctx.account ||
        a.ResourceOwnerId === ctx.account,
    );
}

function ownRouteTable(
  ctx: CallContext,
  id: string | undefined,
): TgwRouteTable {
  if (!id) {
    throw new AwsError(
      'MissingParameter',
      'The request must contain the parameter TransitGatewayRouteTableId',
    );
  }
  const table = ctx.state
    .region(ctx.account, ctx.region)
    .ec2.routeTables.find(t => t.TransitGatewayRouteTableId === id);
  if (!table) {
    throw new AwsError(
      'InvalidRouteTableID.NotFound',
      `The transitGatewayRouteTable ID '${id}' does not exist`,
    );
  }
  return table;
}

const tags = (item: { Tags?: Array<{ Key: string; Value: string }> }) =>
  item.Tags ?? [];

function tgwOutput(t: TransitGateway) {
  const { SharedWith, ...rest } = t;
  return rest;
}

function attachmentOutput(a: TgwAttachment) {
  const { SubnetIds, VpcOptions, ...rest } = a;
  return rest;
}

function vpcAttachmentOutput(a: TgwAttachment) {
  return {
    TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
    TransitGatewayId: a.TransitGatewayId,
    VpcId: a.ResourceId,
    VpcOwnerId: a.ResourceOwnerId,
    State: a.State,
    SubnetIds: a.SubnetIds ?? [],
    CreationTime: a.CreationTime,
    Options: a.VpcOptions,
    Tags: a.Tags,
  };
}

function routeTableOutput(t: TgwRouteTable) {
  const { Routes, SearchWithoutNextToken, ...rest } = t;
  return rest;
}

const tgwFilters: FilterFields<TransitGateway> = {
  'transit-gateway-id': t => t.TransitGatewayId,
  state: t => t.State,
  'owner-id': t => t.OwnerId,
  'options.amazon-side-asn': t => t.Options.AmazonSideAsn,
  'options.association-default-route-table-id': t =>
    t.Options.AssociationDefaultRouteTableId,
  'options.auto-accept-shared-attachments': t =>
    t.Options.AutoAcceptSharedAttachments,
  'options.default-route-table-association': t =>
    t.Options.DefaultRouteTableAssociation,
  'options.default-route-table-propagation': t =>
    t.Options.DefaultRouteTablePropagation,
  'options.dns-support': t => t.Options.DnsSupport,
  'options.vpn-ecmp-support': t => t.Options.VpnEcmpSupport,
  'options.propagation-default-route-table-id': t =>
    t.Options.PropagationDefaultRouteTableId,
};

const attachmentFilters: FilterFields<TgwAttachment> = {
  'association.transit-gateway-route-table-id': a =>
    a.Association?.TransitGatewayRouteTableId,
  'association.state': a => a.Association?.State,
  'resource-id': a => a.ResourceId,
  'resource-owner-id': a => a.ResourceOwnerId,
  'resource-type': a => a.ResourceType,
  state: a => a.State,
  'transit-gateway-attachment-id': a => a.TransitGatewayAttachmentId,
  'transit-gateway-id': a => a.TransitGatewayId,
  'transit-gateway-owner-id': a => a.TransitGatewayOwnerId,
};

const vpcAttachmentFilters: FilterFields<TgwAttachment> = {
  state: a => a.State,
  'transit-gateway-attachment-id': a => a.TransitGatewayAttachmentId,
  'transit-gateway-id': a => a.TransitGatewayId,
  'vpc-id': a => a.ResourceId,
};

const ipamAllocationFilters: FilterFields<IpamPoolAllocation> = {
  cidr: a => a.Cidr,
  'resource-type': a => a.ResourceType,
  'resource-id': a => a.ResourceId,
  'resource-owner': a => a.ResourceOwner,
  description: a => a.Description,
};

const routeTableFilters: FilterFields<TgwRouteTable> = {
  'default-association-route-table': t => t.DefaultAssociationRouteTable,
  'default-propagation-route-table': t => t.DefaultPropagationRouteTable,
  state: t => t.State,
  'transit-gateway-id': t => t.TransitGatewayId,
  'transit-gateway-route-table-id': t => t.TransitGatewayRouteTableId,
};

interface Association {
  TransitGatewayAttachmentId: string;
  ResourceId: string;
  ResourceType: string;
  State: string;
}

const associationFilters: FilterFields<Association> = {
  'resource-id': a => a.ResourceId,
  'resource-type': a => a.ResourceType,
  'transit-gateway-attachment-id': a => a.TransitGatewayAttachmentId,
};

const networkInterfaceFilters: FilterFields<NetworkInterface> = {
  'network-interface-id': n => n.NetworkInterfaceId,
  'vpc-id': n => n.VpcId,
  'subnet-id': n => n.SubnetId,
  status: n => n.Status,
  description: n => n.Description,
  'interface-type': n => n.InterfaceType,
  'requester-id': n => n.RequesterId,
  'requester-managed': n => n.RequesterManaged,
};

const routeFilters: FilterFields<TgwRoute> = {
  'attachment.transit-gateway-attachment-id': r =>
    r.TransitGatewayAttachments?.map(a => a.TransitGatewayAttachmentId),
  'attachment.resource-id': r =>
    r.TransitGatewayAttachments?.map(a => a.ResourceId),
  'attachment.resource-type': r =>
    r.TransitGatewayAttachments?.map(a => a.ResourceType),
  'prefix-list-id': r => r.PrefixListId,
  state: r => r.State,
  type: r => r.Type,
};

/** The `route-search.*` filters, which compare CIDRs rather than strings. */
function routeSearch(routes: TgwRoute[], filters: QueryFilter[]): TgwRoute[] {
  let out = routes;
  for (const f of filters) {
    for (const value of f.values) {
      if (!parseCidr(value)) {
        throw invalidValue(
          `The CIDR '${value}' in filter '${f.name}' is invalid`,
        );
      }
    }
    const dest = (r: TgwRoute) => r.DestinationCidrBlock;
    switch (f.name) {
      case 'route-search.exact-match':
        out = out.filter(r =>
          f.values.some(
            v =>
              parseCidr(v)!.base === parseCidr(dest(r))?.base &&
              parseCidr(v)!.prefix === parseCidr(dest(r))?.prefix,
          ),
        );
        break;
      case 'route-search.subnet-of-match':
        out = out.filter(r => f.values.some(v => cidrWithin(dest(r), v)));
        break;
      case 'route-search.supernet-of-match':
        out = out.filter(r => f.values.some(v => cidrWithin(v, dest(r))));
        break;
      case 'route-search.longest-prefix-match': {
        const keep = new Set<TgwRoute>();
        for (const v of f.values) {
          const best = out
            .filter(r => cidrWithin(v, dest(r)))
            .sort(
              (a, b) => parseCidr(dest(b))!.prefix - parseCidr(dest(a))!.prefix,
            )[0];
          if (best) keep.add(best);
        }
        out = out.filter(r => keep.has(r));
        break;
      }
      default:
    }
  }
  return out;
}

type Handler = (ctx: CallContext, params: QueryParams) => unknown;

const vpcFilters: FilterFields<Vpc> = {
  'vpc-id': v => v.VpcId,
  'cidr-block': v => v.CidrBlock,
  cidr: v => v.CidrBlock,
  'owner-id': v => v.OwnerId,
  state: v => v.State,
  'is-default': v => String(v.IsDefault),
};

/** Tags of the first tag specification for `resourceType` (`TagSpecification.N.Tag.M.*`). */
function tagSpecification(params: QueryParams, resourceType: string): Ec2Tag[] {
  for (const [key, value] of params) {
    const m = /^TagSpecifications?\.(\d+)\.ResourceType$/.exec(key);
    if (!m || value !== resourceType) continue;
    const prefix = key.replace(/ResourceType$/, '');
    const keys = [...params.keys()]
      .map(k =>
        new RegExp(
          `^${prefix.replace(/\./g, '\\.')}Tags?\\.(\\d+)\\.Key$`,
        ).exec(k),
      )
      .filter((x): x is RegExpExecArray => Boolean(x));
    return keys
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map(k => ({
        Key: params.get(k[0])!,
        Value: params.get(k[0].replace(/Key$/, 'Value')) ?? '',
      }));
  }
  return [];
}

function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (!value) {
    throw new AwsError(
      'MissingParameter',
      `The request must contain the parameter ${name}`,
    );
  }
  return value;
}

/** A VPC attachment of a TGW the caller owns, by id. */
function ownedAttachment(ctx: CallContext, id: string): TgwAttachment {
  const attachment = visibleAttachments(ctx).find(
    a => a.TransitGatewayAttachmentId === id,
  );
  if (!attachment) throw attachmentNotFound(id);
  if (attachment.TransitGatewayOwnerId !== ctx.account) {
    throw new AwsError(
      'UnauthorizedOperation',
      `You are not authorized to perform this operation on ${id}: the transit gateway belongs to ${attachment.TransitGatewayOwnerId}`,
      403,
    );
  }
  return attachment;
}

const operations: Record<string, Handler> = {
  DescribeTransitGateways(ctx, params) {
    const l = listing(params, 'TransitGatewayIds');
    const items = applyFilters(
      byIds(
        visibleTransitGateways(ctx),
        l.ids,
        t => t.TransitGatewayId,
        id =>
          new AwsError(
            'InvalidTransitGatewayID.NotFound',
            `Transit Gateway ${id} was deleted or does not exist.`,
          ),
      ),
      l.filters,
      tgwFilters,
      { unknownFilter, tags },
    );
    const { page: found, next } = page('DescribeTransitGateways', items, l);
    return { TransitGateways: found.map(tgwOutput), NextToken: next };
  },

  DescribeTransitGatewayAttachments(ctx, params) {
    const l = listing(params, 'TransitGatewayAttachmentIds');
    const items = applyFilters(
      byIds(
        visibleAttachments(ctx),
        l.ids,
        a => a.TransitGatewayAttachmentId,
        attachmentNotFound,
      ),
      l.filters,
      attachmentFilters,
      { unknownFilter, tags },
    );
    const { page: found, next } = page(
      'DescribeTransitGatewayAttachments',
      items,
      l,
    );
    return {
      TransitGatewayAttachments: found.map(attachmentOutput),
      NextToken: next,
    };
  },

  DescribeTransitGatewayVpcAttachments(ctx, params) {
    const l = listing(params, 'TransitGatewayAttachmentIds');
    const items = applyFilters(
      byIds(
        visibleAttachments(ctx).filter(a => a.ResourceType === 'vpc'),
        l.ids,
        a => a.TransitGatewayAttachmentId,
        attachmentNotFound,
      ),
      l.filters,
      vpcAttachmentFilters,
      { unknownFilter, tags },
    );
    const { page: found, next } = page(
      'DescribeTransitGatewayVpcAttachments',
      items,
      l,
    );
    return {
      TransitGatewayVpcAttachments: found.map(vpcAttachmentOutput),
      NextToken: next,
    };
  },

  DescribeTransitGatewayRouteTables(ctx, params) {
    const l = listing(params, 'TransitGatewayRouteTableIds');
    const items = applyFilters(
      byIds(
        ctx.state.region(ctx.account, ctx.region).ec2.routeTables,
        l.ids,
        t => t.TransitGatewayRouteTableId,
        id =>
          new AwsError(
            'InvalidRouteTableID.NotFound',
            `The transitGatewayRouteTable ID '${id}' does not exist`,
          ),
      ),
      l.filters,
      routeTableFilters,
      { unknownFilter, tags },
    );
    const { page: found, next } = page(
      'DescribeTransitGatewayRouteTables',
      items,
      l,
    );
    return {
      TransitGatewayRouteTables: found.map(routeTableOutput),
      NextToken: next,
    };
  },

  DescribeNetworkInterfaces(ctx, params) {
    const l = listing(params, 'NetworkInterfaceId');
    const items = applyFilters(
      byIds(
        ctx.state.region(ctx.account, ctx.region).ec2.networkInterfaces,
        l.ids,
        n => n.NetworkInterfaceId,
        id =>
          new AwsError(
            'InvalidNetworkInterfaceID.NotFound',
            `The networkInterface ID '${id}' does not exist`,
          ),
      ),
      l.filters,
      networkInterfaceFilters,
      { unknownFilter, tags: n => n.TagSet ?? [] },
    );
    const { page: found, next } = page('DescribeNetworkInterfaces', items, l);
    return { NetworkInterfaces: found, NextToken: next };
  },

  GetTransitGatewayRouteTableAssociations(ctx, params) {
    const table = ownRouteTable(ctx, params.get('TransitGatewayRouteTableId'));
    const l = listing(params);
    const associations: Association[] = visibleAttachments(ctx)
      .filter(
        a =>
          a.Association?.TransitGatewayRouteTableId ===
          table.TransitGatewayRouteTableId,
      )
      .map(a => ({
        TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
        ResourceId: a.ResourceId,
        ResourceType: a.ResourceType,
        State: a.Association!.State,
      }));
    const items = applyFilters(associations, l.filters, associationFilters, {
      unknownFilter,
    });
    const { page: found, next } = page(
      'GetTransitGatewayRouteTableAssociations',
      items,
      l,
    );
    return { Associations: found, NextToken: next };
  },

  DescribeVpcs(ctx, params) {
    const l = listing(params, 'VpcId');
    const items = applyFilters(
      byIds(
        ctx.state.region(ctx.account, ctx.region).ec2.vpcs,
        l.ids,
        v => v.VpcId,
        id =>
          new AwsError(
            'InvalidVpcID.NotFound',
            `The vpc ID '${id}' does not exist`,
          ),
      ),
      l.filters,
      vpcFilters,
      { unknownFilter, tags },
    );
    const { page: found, next } = page('DescribeVpcs', items, l);
    return { Vpcs: found, NextToken: next };
  },

  CreateTransitGatewayVpcAttachment(ctx, params) {
    const tgwId = required(params, 'TransitGatewayId');
    const vpcId = required(params, 'VpcId');
    const subnetIds = listParam(params, 'SubnetIds');
    if (!subnetIds.length) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter SubnetIds',
      );
    }
    const tgw = visibleTransitGateways(ctx).find(
      t => t.TransitGatewayId === tgwId,
    );
    if (!tgw) {
      throw new AwsError(
        'InvalidTransitGatewayID.NotFound',
        `Transit Gateway ${tgwId} was deleted or does not exist.`,
      );
    }
    const vpc = ctx.state
      .region(ctx.account, ctx.region)
      .ec2.vpcs.find(v => v.VpcId === vpcId);
    if (!vpc) {
      throw new AwsError(
        'InvalidVpcID.NotFound',
        `The vpc ID '${vpcId}' does not exist`,
      );
    }
    const duplicate = visibleAttachments(ctx).find(
      a =>
        a.ResourceId === vpcId &&
        a.TransitGatewayId === tgwId &&
        !['deleted', 'deleting', 'rejected'].includes(a.State),
    );
    if (duplicate) {
      throw new AwsError(
        'DuplicateTransitGatewayAttachment',
        `${tgwId} has non-deleted Transit Gateway Attachments with same VPC ID.`,
      );
    }
    // Cross-account attachments wait for the owner unless it auto-accepts.
    const pending =
      tgw.OwnerId !== ctx.account &&
      tgw.Options.AutoAcceptSharedAttachments !== 'enable';
    const attachment: TgwAttachment = {
      TransitGatewayAttachmentId: `tgw-attach-${hexId(
        `attach:${vpcId}:${randomAlnum(8)}`,
      )}`,
      TransitGatewayId: tgwId,
      TransitGatewayOwnerId: tgw.OwnerId,
      ResourceOwnerId: ctx.account,
      ResourceType: 'vpc',
      ResourceId: vpcId,
      State: pending ? 'pendingAcceptance' : 'available',
      CreationTime: ctx.now,
      Tags: tagSpecification(params, 'transit-gateway-attachment'),
      SubnetIds: subnetIds,
      VpcOptions: {
        DnsSupport: 'enable',
        SecurityGroupReferencingSupport: 'disable',
        Ipv6Support: 'disable',
        ApplianceModeSupport: 'disable',
      },
    };
    // Kept with the gateway's owner, where the seed keeps every attachment.
    ctx.state.region(tgw.OwnerId, ctx.region).ec2.attachments.push(attachment);
    return { TransitGatewayVpcAttachment: vpcAttachmentOutput(attachment) };
  },

  AcceptTransitGatewayVpcAttachment(ctx, params) {
    const id = required(params, 'TransitGatewayAttachmentId');
    const attachment = ownedAttachment(ctx, id);
    if (attachment.State !== 'pendingAcceptance') {
      throw new AwsError(
        'IncorrectState',
        `tgw-attachment ${id} is in invalid state ${attachment.State}`,
      );
    }
    attachment.State = 'available';
    return { TransitGatewayVpcAttachment: vpcAttachmentOutput(attachment) };
  },

  AssociateTransitGatewayRouteTable(ctx, params) {
    const table = ownRouteTable(ctx, params.get('TransitGatewayRouteTableId'));
    const id = required(params, 'TransitGatewayAttachmentId');
    const attachment = ownedAttachment(ctx, id);
    if (attachment.State !== 'available') {
      throw new AwsError(
        'IncorrectState',
        `tgw-attachment ${id} is in invalid state ${attachment.State}`,
      );
    }
    if (attachment.Association) {
      throw new AwsError(
        'Resource.AlreadyAssociated',
        `Transit Gateway Attachment ${id} is already associated to a route table.`,
      );
    }
    attachment.Association = {
      TransitGatewayRouteTableId: table.TransitGatewayRouteTableId,
      State: 'associated',
    };
    return {
      Association: {
        TransitGatewayRouteTableId: table.TransitGatewayRouteTableId,
        TransitGatewayAttachmentId: id,
        ResourceId: attachment.ResourceId,
        ResourceType: attachment.ResourceType,
        State: 'associated',
      },
    };
  },

  CreateTransitGatewayRoute(ctx, params) {
    const table = ownRouteTable(ctx, params.get('TransitGatewayRouteTableId'));
    const cidr = required(params, 'DestinationCidrBlock');
    if (!parseCidr(cidr)) {
      throw invalidValue(`The CIDR '${cidr}' is invalid`);
    }
    const blackhole = params.get('Blackhole') === 'true';
    const id = params.get('TransitGatewayAttachmentId');
    if (!blackhole && !id) {
      throw new AwsError(
        'MissingParameter',
        'Either TransitGatewayAttachmentId or Blackhole must be given',
      );
    }
    if (table.Routes.some(r => r.DestinationCidrBlock === cidr)) {
      throw new AwsError(
        'RouteAlreadyExists',
        `Route ${cidr} already exists in Transit Gateway Route Table ${table.TransitGatewayRouteTableId}.`,
      );
    }
    const attachment = id ? ownedAttachment(ctx, id) : undefined;
    const route: TgwRoute = {
      DestinationCidrBlock: cidr,
      TransitGatewayAttachments: attachment && [
        {
          ResourceId: attachment.ResourceId,
          TransitGatewayAttachmentId: attachment.TransitGatewayAttachmentId,
          ResourceType: attachment.ResourceType,
        },
      ],
      Type: 'static',
      State: blackhole ? 'blackhole' : 'active',
    };
    table.Routes.push(route);
    return { Route: route };
  },

  DeleteTransitGatewayRoute(ctx, params) {
    const table = ownRouteTable(ctx, params.get('TransitGatewayRouteTableId'));
    const cidr = required(params, 'DestinationCidrBlock');
    const index = table.Routes.findIndex(
      r => r.DestinationCidrBlock === cidr && r.Type === 'static',
    );
    if (index < 0) {
      throw new AwsError(
        'InvalidRoute.NotFound',
        `No route with destination-cidr-block ${cidr} in Transit Gateway Route Table ${table.TransitGatewayRouteTableId}`,
      );
    }
    const [route] = table.Routes.splice(index, 1);
    return { Route: { ...route, State: 'deleted' } };
  },

  GetIpamPoolAllocations(ctx, params) {
    const poolId = params.get('IpamPoolId');
    if (!poolId) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter IpamPoolId',
      );
    }
    // Only the pool's owner (the hub) reads its allocations.
    const pool = (
      ctx.state.region(ctx.account, ctx.region).ec2.ipamPools ?? []
    ).find(p => p.IpamPoolId === poolId);
    if (!pool) {
      throw new AwsError(
        'InvalidIpamPoolId.NotFound',
        `The pool ID '${poolId}' does not exist`,
      );
    }
    const maxResults = intParam(params, 'MaxResults');
    if (
      maxResults !== undefined &&
      (!Number.isInteger(maxResults) ||
        maxResults < 1000 ||
        maxResults > 100000)
    ) {
      throw invalidValue(
        `Value ( ${params.get(
          'MaxResults',
        )} ) for parameter maxResults is invalid. Expecting a value between 1000 and 100000.`,
      );
    }
    const l: Listing = {
      ids: [],
      filters: filtersParam(params, 'Filter'),
      maxResults,
      nextToken: params.get('NextToken'),
    };
    const wanted = params.get('IpamPoolAllocationId');
    const items = applyFilters(
      pool.Allocations.filter(
        a => !wanted || a.IpamPoolAllocationId === wanted,
      ),
      l.filters,
      ipamAllocationFilters,
      { unknownFilter },
    );
    const { page: found, next } = page('GetIpamPoolAllocations', items, l);
    return { IpamPoolAllocations: found, NextToken: next };
  },

  SearchTransitGatewayRoutes(ctx, params) {
    const table = ownRouteTable(ctx, params.get('TransitGatewayRouteTableId'));
    const l = listing(params);
    if (!l.filters.length) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter Filter',
      );
    }
    const search = l.filters.filter(f => f.name.startsWith('route-search.'));
    const plain = l.filters.filter(f => !f.name.startsWith('route-search.'));
    const routes = applyFilters(
      routeSearch(table.Routes, search),
      plain,
      routeFilters,
      { unknownFilter },
    );
    const { page: found, next } = page('SearchTransitGatewayRoutes', routes, l);
    return {
      Routes: found,
      AdditionalRoutesAvailable: next !== undefined,
      NextToken: table.SearchWithoutNextToken ? undefined : next,
    };
  },
};

function attachmentNotFound(id: string): AwsError {
  return new AwsError(
    'InvalidTransitGatewayAttachmentID.NotFound',
    `Transit Gateway Attachment ${id} was deleted or does not exist.`,
  );
}

/** EC2's Transit Gateway and IPAM reads over EC2's query protocol. */
export const ec2Service: Service = {
  signingName: 'ec2',
  protocol: ec2Protocol,
  route(req): Route {
    const params = parseQueryBody(req.body, req.query);
    const operation = params.get('Action') ?? 'UnknownAction';
    const handler = operations[operation];
    return handler
      ? { operation, run: ctx => handler(ctx, params) }
      : { operation };
  },
};
