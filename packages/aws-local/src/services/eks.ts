import { AwsError } from '../lib/errors';
import { paginate } from '../lib/paginate';
import { restJsonProtocol } from '../protocols/json';
import { versionStatus } from '../state/eksVersions';
import { standardAddons } from '../state/seed';
import { AccountRegionState, EksCluster } from '../state/types';
import { CallContext, Route, Service, ServiceRequest } from './types';

const invalidParameter = (message: string) =>
  new AwsError('InvalidParameterException', message, 400);

function pageSize(query: URLSearchParams): number | undefined {
  const raw = query.get('maxResults');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw invalidParameter(
      `1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }
  return n;
}

function page<T>(operation: string, items: T[], query: URLSearchParams) {
  return paginate(items, {
    operation,
    token: query.get('nextToken') ?? undefined,
    maxResults: pageSize(query),
    defaultMax: 100,
    invalidToken: () => invalidParameter('The nextToken provided is invalid.'),
  });
}

function cluster(state: AccountRegionState, name: string): EksCluster {
  const found = state.eks.clusters.find(c => c.name === name);
  if (!found) {
    throw new AwsError(
      'ResourceNotFoundException',
      `No cluster found for name: ${name}.`,
      404,
      { clusterName: name },
    );
  }
  return found;
}

type Handler = (
  ctx: CallContext,
  labels: string[],
  query: URLSearchParams,
  body: string,
) => unknown;

const routes: Array<{
  operation: string;
  method: string;
  path: RegExp;
  run: Handler;
}> = [
  {
    operation: 'ListClusters',
    method: 'GET',
    path: /^\/clusters$/,
    run: (ctx, _labels, query) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      const { page: clusters, next } = page(
        'ListClusters',
        state.eks.clusters.map(c => c.name),
        query,
      );
      return { clusters, nextToken: next };
    },
  },
  {
    operation: 'DescribeCluster',
    method: 'GET',
    path: /^\/clusters\/([^/]+)$/,
    run: (ctx, [name]) => ({
      cluster: cluster(ctx.state.region(ctx.account, ctx.region), name),
    }),
  },
  {
    operation: 'ListNodegroups',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/node-groups$/,
    run: (ctx, [name], query) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const { page: nodegroups, next } = page(
        'ListNodegroups',
        state.eks.nodegroups
          .filter(n => n.clusterName === name)
          .map(n => n.nodegroupName),
        query,
      );
      return { nodegroups, nextToken: next };
    },
  },
  {
    operation: 'DescribeNodegroup',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/node-groups\/([^/]+)$/,
    run: (ctx, [name, nodegroupName]) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const nodegroup = state.eks.nodegroups.find(
        n => n.clusterName === name && n.nodegroupName === nodegroupName,
      );
      if (!nodegroup) {
        throw new AwsError(
          'ResourceNotFoundException',
          `No node group found for name: ${nodegroupName}.`,
          404,
          { clusterName: name, nodegroupName },
        );
      }
      return { nodegroup };
    },
  },
  {
    operation: 'ListAddons',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/addons$/,
    run: (ctx, [name], query) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const { page: addons, next } = page(
        'ListAddons',
        state.eks.addons
          .filter(a => a.clusterName === name)
          .map(a => a.addonName),
        query,
      );
      return { addons, nextToken: next };
    },
  },
  {
    operation: 'DescribeAddon',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/addons\/([^/]+)$/,
    run: (ctx, [name, addonName]) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const addon = state.eks.addons.find(
        a => a.clusterName === name && a.addonName === addonName,
      );
      if (!addon) {
        throw new AwsError(
          'ResourceNotFoundException',
          `No addon: ${addonName} found in cluster: ${name}`,
          404,
          { clusterName: name, addonName },
        );
      }
      return { addon };
    },
  },
  {
    operation: 'ListCapabilities',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/capabilities$/,
    run: (ctx, [name], query) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const { page: capabilities, next } = page(
        'ListCapabilities',
        state.eks.capabilities
          .filter(c => c.clusterName === name)
          .map(c => ({
            capabilityName: c.capabilityName,
            arn: c.arn,
            type: c.type,
            status: c.status,
            version: c.version,
            createdAt: c.createdAt,
            modifiedAt: c.modifiedAt,
          })),
        query,
      );
      return { capabilities, nextToken: next };
    },
  },
  {
    operation: 'DescribeCapability',
    method: 'GET',
    path: /^\/clusters\/([^/]+)\/capabilities\/([^/]+)$/,
    run: (ctx, [name, capabilityName]) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const capability = state.eks.capabilities.find(
        c => c.clusterName === name && c.capabilityName === capabilityName,
      );
      if (!capability) {
        throw new AwsError(
          'ResourceNotFoundException',
          `No capability found for name: ${capabilityName}.`,
          404,
          { clusterName: name },
        );
      }
      return { capability };
    },
  },
  {
    operation: 'ListInsights',
    method: 'POST',
    path: /^\/clusters\/([^/]+)\/insights$/,
    run: (ctx, [name], query, body) => {
      const state = ctx.state.region(ctx.account, ctx.region);
      cluster(state, name);
      const input = body ? JSON.parse(body) : {};
      const filter = input.filter ?? {};
      const insights = (state.eks.insights ?? [])
        .filter(i => i.clusterName === name)
        .filter(i =>
          filter.categories?.length
            ? filter.categories.includes(i.category)
            : true,
        )
        .filter(i =>
          filter.statuses?.length
            ? filter.statuses.includes(i.insightStatus.status)
            : true,
        )
        .filter(i =>
          filter.kubernetesVersions?.length
            ? filter.kubernetesVersions.includes(i.kubernetesVersion)
            : true,
        )
        .map(({ clusterName: _c, ...summary }) => summary);
      const q = new URLSearchParams(query);
      if (input.maxResults !== undefined)
        q.set('maxResults', String(input.maxResults));
      if (input.nextToken) q.set('nextToken', input.nextToken);
      const { page: found, next } = page('ListInsights', insights, q);
      return { insights: found, nextToken: next };
    },
  },
  {
    operation: 'DescribeAddonVersions',
    method: 'GET',
    path: /^\/addons\/supported-versions$/,
    run: (ctx, _labels, query) => {
      const kubernetesVersion = query.get('kubernetesVersion');
      const wanted = query.getAll('addonName');
      // The platform's add-ons, each at the version the seed installs for every
      // Kubernetes version in the calendar (kube-proxy follows the patch release).
      const byAddon = new Map<
        string,
        Map<string, Array<{ clusterVersion: string; defaultVersion: boolean }>>
      >();
      for (const v of ctx.state.data.eksVersions) {
        if (kubernetesVersion && v.clusterVersion !== kubernetesVersion)
          continue;
        const patch = v.kubernetesPatchVersion ?? `${v.clusterVersion}.0`;
        for (const [addonName, addonVersion] of Object.entries(
          standardAddons(patch),
        )) {
          if (wanted.length && !wanted.includes(addonName)) continue;
          const versions = byAddon.get(addonName) ?? new Map();
          const compat = versions.get(addonVersion) ?? [];
          compat.push({
            clusterVersion: v.clusterVersion,
            defaultVersion: true,
          });
          versions.set(addonVersion, compat);
          byAddon.set(addonName, versions);
        }
      }
      const addons = [...byAddon].map(([addonName, versions]) => ({
        addonName,
        type: 'platform',
        owner: 'aws',
        addonVersions: [...versions].map(([addonVersion, compatibilities]) => ({
          addonVersion,
          architecture: ['amd64', 'arm64'],
          compatibilities: compatibilities.map(c => ({
            ...c,
            platformVersions: ['*'],
          })),
          requiresConfiguration: false,
        })),
      }));
      const { page: found, next } = page(
        'DescribeAddonVersions',
        addons,
        query,
      );
      return { addons: found, nextToken: next };
    },
  },
  {
    operation: 'DescribeClusterVersions',
    method: 'GET',
    path: /^\/cluster-versions$/,
    run: (ctx, _labels, query) => {
      const clusterType = query.get('clusterType') ?? 'eks';
      const wanted = query.getAll('clusterVersions');
      const defaultOnly = query.get('defaultOnly') === 'true';
      const includeAll = query.get('includeAll') === 'true';
      const wantedStatus = query.get('versionStatus');
      const legacyStatus = query.get('status');
      const versions = ctx.state.data.eksVersions
        .filter(v => v.clusterType === clusterType)
        .map(v => {
          const status = versionStatus(v, ctx.now);
          return {
            ...v,
            versionStatus: status,
            status: v.status ?? status.toLowerCase().replace(/_/g, '-'),
          };
        })
        .filter(v => (wanted.length ? wanted.includes(v.clusterVersion) : true))
        .filter(v => (defaultOnly ? v.defaultVersion : true))
        .filter(v =>
          includeAll || wanted.length || wantedStatus || legacyStatus
            ? true
            : v.versionStatus !== 'UNSUPPORTED',
        )
        .filter(v => (wantedStatus ? v.versionStatus === wantedStatus : true))
        .filter(v => (legacyStatus ? v.status === legacyStatus : true))
        .sort((a, b) =>
          b.clusterVersion.localeCompare(a.clusterVersion, undefined, {
            numeric: true,
          }),
        );
      const { page: clusterVersions, next } = page(
        'DescribeClusterVersions',
        versions,
        query,
      );
      return { clusterVersions, nextToken: next };
    },
  },
];

/** Operations not implemented, so the error can name them rather than the path. */
const KNOWN_UNSUPPORTED: Array<[string, RegExp, string]> = [
  ['GET', /^\/clusters\/[^/]+\/fargate-profiles$/, 'ListFargateProfiles'],
  [
    'GET',
    /^\/clusters\/[^/]+\/fargate-profiles\/[^/]+$/,
    'DescribeFargateProfile',
  ],
  ['GET', /^\/clusters\/[^/]+\/updates$/, 'ListUpdates'],
  ['GET', /^\/clusters\/[^/]+\/updates\/[^/]+$/, 'DescribeUpdate'],
  ['GET', /^\/clusters\/[^/]+\/insights\/[^/]+$/, 'DescribeInsight'],
  ['GET', /^\/clusters\/[^/]+\/access-entries$/, 'ListAccessEntries'],
  [
    'GET',
    /^\/clusters\/[^/]+\/pod-identity-associations$/,
    'ListPodIdentityAssociations',
  ],
  [
    'GET',
    /^\/clusters\/[^/]+\/identity-provider-configs$/,
    'ListIdentityProviderConfigs',
  ],
  ['GET', /^\/addons\/configuration-schemas$/, 'DescribeAddonConfiguration'],
  ['GET', /^\/tags\/.+$/, 'ListTagsForResource'],
  ['POST', /^\/clusters$/, 'CreateCluster'],
  ['DELETE', /^\/clusters\/[^/]+$/, 'DeleteCluster'],
  ['POST', /^\/clusters\/[^/]+\/updates$/, 'UpdateClusterVersion'],
  ['POST', /^\/clusters\/[^/]+\/update-config$/, 'UpdateClusterConfig'],
];

/** EKS over rest-json, read-only operations the portal's health checks call. */
export const eksService: Service = {
  signingName: 'eks',
  protocol: restJsonProtocol,
  route(req: ServiceRequest): Route {
    for (const r of routes) {
      const match = r.path.exec(req.path);
      if (match && req.method === r.method) {
        const labels = match.slice(1).map(decodeURIComponent);
        return {
          operation: r.operation,
          run: ctx => r.run(ctx, labels, req.query, req.body),
        };
      }
    }
    const known = KNOWN_UNSUPPORTED.find(
      ([method, path]) => method === req.method && path.test(req.path),
    );
    return { operation: known?.[2] ?? `${req.method} ${req.path}` };
  },
};
