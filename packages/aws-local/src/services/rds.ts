import { AwsError } from '../lib/errors';
import { applyFilters, FilterFields } from '../lib/filters';
import { paginate } from '../lib/paginate';
import { queryProtocol } from '../protocols/query';
import {
  filtersParam,
  intParam,
  parseQueryBody,
  QueryParams,
} from '../protocols/queryParams';
import { DbCluster, DbInstance, PendingMaintenance } from '../state/types';
import { CallContext, Route, Service } from './types';

/** RDS names each list's members after the member type. */
const LIST_MEMBERS: Record<string, string> = {
  DBClusters: 'DBCluster',
  DBInstances: 'DBInstance',
  DBClusterMembers: 'DBClusterMember',
  VpcSecurityGroups: 'VpcSecurityGroupMembership',
  AvailabilityZones: 'AvailabilityZone',
  TagList: 'Tag',
  ReadReplicaIdentifiers: 'ReadReplicaIdentifier',
  DBParameterGroups: 'DBParameterGroup',
  Subnets: 'Subnet',
  PendingMaintenanceActions: 'ResourcePendingMaintenanceActions',
  PendingMaintenanceActionDetails: 'PendingMaintenanceAction',
  DBClusterOptionGroupMemberships: 'DBClusterOptionGroup',
  OptionGroupMemberships: 'OptionGroupMembership',
  DomainMemberships: 'DomainMembership',
  DBMajorEngineVersions: 'DBMajorEngineVersion',
  SupportedEngineLifecycles: 'SupportedEngineLifecycle',
};

const invalidValue = (message: string) =>
  new AwsError('InvalidParameterValue', message, 400);

function listing(params: QueryParams) {
  const maxRecords = intParam(params, 'MaxRecords');
  if (
    maxRecords !== undefined &&
    (!Number.isInteger(maxRecords) || maxRecords < 20 || maxRecords > 100)
  ) {
    throw invalidValue(
      `Invalid value ${params.get(
        'MaxRecords',
      )} for MaxRecords. Must be between 20 and 100`,
    );
  }
  return {
    filters: filtersParam(params, 'Filters'),
    maxRecords,
    marker: params.get('Marker'),
  };
}

function page<T>(operation: string, items: T[], l: ReturnType<typeof listing>) {
  return paginate(items, {
    operation,
    token: l.marker,
    maxResults: l.maxRecords,
    defaultMax: 100,
    invalidToken: () => invalidValue('The parameter Marker is not valid.'),
  });
}

const unknownFilter = (name: string) =>
  invalidValue(`Unrecognized filter name: ${name}.`);

/** RDS filters take identifiers or ARNs and match them exactly. */
const filterOptions = { unknownFilter, wildcards: false } as const;

function clusterFilters(ctx: CallContext): FilterFields<DbCluster> {
  return {
    'db-cluster-id': c => [c.DBClusterIdentifier, c.DBClusterArn],
    'db-cluster-resource-id': c => c.DbClusterResourceId,
    engine: c => c.Engine,
    'engine-mode': c => c.EngineMode,
    'global-cluster-id': c => c.GlobalClusterIdentifier,
    domain: c => c.Domain,
    'cluster-type': () => 'provisioned',
    region: () => ctx.region,
  };
}

function instanceFilters(clusters: DbCluster[]): FilterFields<DbInstance> {
  return {
    'db-cluster-id': i => {
      const c = clusters.find(
        x => x.DBClusterIdentifier === i.DBClusterIdentifier,
      );
      return [i.DBClusterIdentifier, c?.DBClusterArn];
    },
    'db-instance-id': i => [i.DBInstanceIdentifier, i.DBInstanceArn],
    'dbi-resource-id': i => i.DbiResourceId,
    domain: i => i.Domain,
    engine: i => i.Engine,
  };
}

function maintenanceFilters(
  clusters: DbCluster[],
  instances: DbInstance[],
): FilterFields<PendingMaintenance> {
  return {
    'db-cluster-id': p => {
      const c = clusters.find(x => x.DBClusterArn === p.ResourceIdentifier);
      if (c) return [c.DBClusterIdentifier, c.DBClusterArn];
      const i = instances.find(x => x.DBInstanceArn === p.ResourceIdentifier);
      const parent = clusters.find(
        x => i && x.DBClusterIdentifier === i.DBClusterIdentifier,
      );
      return parent ? [parent.DBClusterIdentifier, parent.DBClusterArn] : [];
    },
    'db-instance-id': p => {
      const i = instances.find(x => x.DBInstanceArn === p.ResourceIdentifier);
      return i ? [i.DBInstanceIdentifier, i.DBInstanceArn] : [];
    },
  };
}

type Handler = (ctx: CallContext, params: QueryParams) => unknown;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * What AWS computes when asked: point-in-time restore reaches about five minutes
 * back, as far as the retention allows. Values set through the control API win.
 */
function clusterOutput(c: DbCluster): DbCluster {
  const now = Date.now();
  const created =
    c.ClusterCreateTime instanceof Date ? c.ClusterCreateTime.getTime() : now;
  const retention = Number(c.BackupRetentionPeriod ?? 1);
  return {
    LatestRestorableTime: new Date(now - 5 * MINUTE_MS),
    EarliestRestorableTime: new Date(
      Math.max(created, now - retention * DAY_MS),
    ),
    ...c,
  };
}

/**
 * The instance's server certificate: RDS renews it under the instance's CA, a year
 * ahead. Values set through the control API win.
 */
function instanceOutput(i: DbInstance): DbInstance {
  const ca = String(i.CACertificateIdentifier ?? 'rds-ca-rsa2048-g1');
  return {
    CACertificateIdentifier: ca,
    CertificateDetails: {
      CAIdentifier: ca,
      ValidTill: new Date(Date.now() + 365 * DAY_MS),
    },
    ...i,
  };
}

const operations: Record<string, Handler> = {
  DescribeDBClusters(ctx, params) {
    const state = ctx.state.region(ctx.account, ctx.region);
    const l = listing(params);
    let clusters = state.rds.clusters;
    const id = params.get('DBClusterIdentifier');
    if (id) {
      clusters = clusters.filter(
        c => c.DBClusterIdentifier === id || c.DBClusterArn === id,
      );
      if (!clusters.length) {
        throw new AwsError(
          'DBClusterNotFoundFault',
          `DBCluster ${id} not found.`,
          404,
        );
      }
    }
    const items = applyFilters(
      clusters,
      l.filters,
      clusterFilters(ctx),
      filterOptions,
    );
    const { page: found, next } = page('DescribeDBClusters', items, l);
    return { DBClusters: found.map(clusterOutput), Marker: next };
  },

  DescribeDBInstances(ctx, params) {
    const state = ctx.state.region(ctx.account, ctx.region);
    const l = listing(params);
    let instances = state.rds.instances;
    const id = params.get('DBInstanceIdentifier');
    if (id) {
      instances = instances.filter(
        i => i.DBInstanceIdentifier === id || i.DBInstanceArn === id,
      );
      if (!instances.length) {
        throw new AwsError(
          'DBInstanceNotFound',
          `DBInstance ${id} not found.`,
          404,
        );
      }
    }
    const items = applyFilters(
      instances,
      l.filters,
      instanceFilters(state.rds.clusters),
      filterOptions,
    );
    const { page: found, next } = page('DescribeDBInstances', items, l);
    return { DBInstances: found.map(instanceOutput), Marker: next };
  },

  DescribeDBMajorEngineVersions(ctx, params) {
    const engine = params.get('Engine');
    const major = params.get('MajorEngineVersion');
    if (major && !engine) {
      throw invalidValue(
        'Engine must be specified when MajorEngineVersion is specified',
      );
    }
    const versions = (ctx.state.data.rdsMajorEngineVersions ?? []).filter(
      v =>
        (!engine || v.Engine === engine) &&
        (!major || v.MajorEngineVersion === major),
    );
    const maxRecords = intParam(params, 'MaxRecords');
    const { page: found, next } = paginate(versions, {
      operation: 'DescribeDBMajorEngineVersions',
      token: params.get('Marker'),
      maxResults: maxRecords,
      defaultMax: 100,
      invalidToken: t => invalidValue(`Invalid marker: ${t}`),
    });
    return { DBMajorEngineVersions: found, Marker: next };
  },

  DescribePendingMaintenanceActions(ctx, params) {
    const state = ctx.state.region(ctx.account, ctx.region);
    const l = listing(params);
    let actions = state.rds.pendingMaintenance;
    const arn = params.get('ResourceIdentifier');
    if (arn) {
      const known =
        state.rds.clusters.some(c => c.DBClusterArn === arn) ||
        state.rds.instances.some(i => i.DBInstanceArn === arn);
      if (!known) {
        throw new AwsError(
          'ResourceNotFoundFault',
          `The specified resource ARN ${arn} was not found.`,
          404,
        );
      }
      actions = actions.filter(a => a.ResourceIdentifier === arn);
    }
    const items = applyFilters(
      actions,
      l.filters,
      maintenanceFilters(state.rds.clusters, state.rds.instances),
      filterOptions,
    );
    const { page: found, next } = page(
      'DescribePendingMaintenanceActions',
      items,
      l,
    );
    return { PendingMaintenanceActions: found, Marker: next };
  },
};

/** RDS over the query protocol: the Aurora reads of the health checks. */
export const rdsService: Service = {
  signingName: 'rds',
  protocol: queryProtocol({
    xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/',
    naming: { element: k => k, member: k => LIST_MEMBERS[k] ?? 'member' },
  }),
  route(req): Route {
    const params = parseQueryBody(req.body, req.query);
    const operation = params.get('Action') ?? 'UnknownAction';
    const handler = operations[operation];
    return handler
      ? { operation, run: ctx => handler(ctx, params) }
      : { operation };
  },
};
