import {
  AddonInfo,
  ClusterVersionInformation,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  InsightSummary,
  ListInsightsCommand,
  DescribeCapabilityCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  ListAddonsCommand,
  ListCapabilitiesCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  DBCluster,
  DBInstance,
  DBMajorEngineVersion,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBMajorEngineVersionsCommand,
  DescribePendingMaintenanceActionsCommand,
  ResourcePendingMaintenanceActions,
} from '@aws-sdk/client-rds';
import {
  DescribeSecretCommand,
  DescribeSecretResponse,
  ListSecretsCommand,
  ListSecretsResponse,
  SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import {
  AddonObservation,
  AuroraObservations,
  CallFailure,
  CapabilityObservation,
  EksObservations,
  failed,
  NodegroupObservation,
  Observed,
  observed,
  SpokeObservations,
  SpokeTarget,
} from '../../lib/observations';
import { AccountClients, AwsCallScope } from './AwsAccess';
import {
  allPages,
  CollectRequest,
  HUB_UNKNOWN,
  mapObserved,
  named,
  resolveHub,
} from './collectHelpers';
import { skipped } from './describeAwsError';
import { collectReplicaLag } from './replicaLag';

/** The major version RDS publishes support dates for: `8.0` of `8.0.mysql_aurora.3.08.0`, `16` of `16.4`. */
export function majorEngineVersion(engine: string, version: string): string {
  const parts = version.split('.');
  return engine.includes('mysql') ? parts.slice(0, 2).join('.') : parts[0];
}

/** What the spoke accounts say of a spoke: everything but the Transit Gateway. */
export type AccountSideObservations = Omit<SpokeObservations, 'tgw'>;

/** The hub's region-wide answers (calendars), asked with the hub's clients. */
interface HubObservations {
  versionsByRegion: Map<string, Promise<Observed<ClusterVersionInformation[]>>>;
  hubClients: Observed<AccountClients>;
}

/** The account+region observations shared by the spokes in that account. */
interface AccountObservations {
  clients: Observed<AccountClients>;
  clusters: Observed<DBCluster[]>;
  instances: Observed<DBInstance[]>;
  pendingMaintenance: Observed<ResourcePendingMaintenanceActions[]>;
  /** Every secret of the account, those scheduled for deletion included. */
  allSecrets: Observed<SecretListEntry[]>;
  /** The account's secrets people created, for the mandatory-tag rule. */
  secrets: Observed<SecretListEntry[]>;
}

/**
 * Collects what the checks need from the spoke accounts, batching where AWS allows:
 * one Aurora cluster, instance and maintenance listing per spoke account and
 * region; per spoke only the EKS calls and the master secret; the calendars that
 * are the same for every account (EKS versions, add-on versions, engine support)
 * asked once per region by the hub. Every call goes through the call scope
 * (bounded, timed out, described on failure); a failure lands only in the
 * observations that needed it. The Transit Gateway side is the
 * {@link TransitCollector}'s; this one never needs the EC2 client, so a collector
 * thread running it does not load it.
 */
export class AccountCollector {
  /** Add-on versions per region and Kubernetes version, asked once per refresh. */
  private readonly addonVersions = new Map<
    string,
    Promise<Observed<AddonInfo[]>>
  >();

  /** Major engine version support dates per region and version, asked once per refresh. */
  private readonly engineSupport = new Map<
    string,
    Promise<Observed<DBMajorEngineVersion | undefined>>
  >();

  constructor(private readonly aws: AwsCallScope) {}

  /**
   * The support dates of the spoke's major engine version: the same for every account,
   * so the hub asks once per region and version, and scheduled runs reuse it.
   */
  private engineSupportFor(
    spoke: SpokeTarget,
    account: AccountObservations,
    hubPromise: Promise<HubObservations>,
  ): Promise<Observed<DBMajorEngineVersion | undefined>> {
    const op = 'rds:DescribeDBMajorEngineVersions';
    const { clusters } = account;
    if (!clusters.ok) return Promise.resolve(clusters);
    const cluster = clusters.value.find(
      x => x.DBClusterIdentifier === spoke.dbClusterIdentifier,
    );
    if (!cluster?.Engine || !cluster.EngineVersion || !spoke.region) {
      return Promise.resolve(
        failed(skipped(op, `Cluster ${spoke.dbClusterIdentifier} not found`)),
      );
    }
    const engine = cluster.Engine;
    const major = majorEngineVersion(engine, cluster.EngineVersion);
    const region = spoke.region;
    const key = `${region}/${op}/${engine}/${major}`;
    return this.hubReadOnce(this.engineSupport, key, hubPromise, region, c =>
      this.aws
        .call(c, op, abortSignal =>
          c.rds.send(
            new DescribeDBMajorEngineVersionsCommand({
              Engine: engine,
              MajorEngineVersion: major,
            }),
            { abortSignal },
          ),
        )
        .then(o => mapObserved(o, r => r?.DBMajorEngineVersions?.[0])),
    );
  }

  /**
   * The add-on versions EKS lists for a Kubernetes version: the same answer for every
   * account, so the hub asks once per region and version, and scheduled runs reuse it.
   */
  private addonVersionsFor(
    hubPromise: Promise<HubObservations>,
    region: string,
    version: string,
  ): Promise<Observed<AddonInfo[]>> {
    const key = `${region}/eks:DescribeAddonVersions/${version}`;
    return this.hubReadOnce(this.addonVersions, key, hubPromise, region, c =>
      allPages(
        token =>
          this.aws.call(c, 'eks:DescribeAddonVersions', abortSignal =>
            c.eks.send(
              new DescribeAddonVersionsCommand({
                kubernetesVersion: version,
                maxResults: 100,
                nextToken: token,
              }),
              { abortSignal },
            ),
          ),
        p => p.addons,
        p => p.nextToken,
      ),
    );
  }

  /**
   * A region-wide answer (the same for every account), read once per collection by
   * the hub in that region and reused across scheduled runs; every spoke asking
   * shares the one promise.
   */
  private hubReadOnce<T>(
    cache: Map<string, Promise<Observed<T>>>,
    key: string,
    hubPromise: Promise<HubObservations>,
    region: string,
    read: (clients: AccountClients) => Promise<Observed<T>>,
  ): Promise<Observed<T>> {
    let found = cache.get(key);
    if (!found) {
      found = hubPromise.then(async h => {
        if (!h.hubClients.ok) return h.hubClients;
        const regional = await this.hubIn(h.hubClients.value, region);
        if (!regional.ok) return regional;
        return this.aws.slowChanging(key, () => read(regional.value));
      });
      cache.set(key, found);
    }
    return found;
  }

  /** The hub's clients in `region`: the hub answers region-wide questions. */
  private async hubIn(
    hubClients: AccountClients,
    region: string,
  ): Promise<Observed<AccountClients>> {
    return region === hubClients.region
      ? observed(hubClients)
      : this.aws.clients(hubClients.accountId, region);
  }

  async collect(
    request: CollectRequest,
  ): Promise<Map<string, AccountSideObservations>> {
    const hubPromise = this.collectHub(request);
    const accounts = new Map<string, Promise<AccountObservations>>();
    for (const spoke of request.spokes) {
      if (!spoke.accountId || !spoke.region) continue;
      const key = `${spoke.accountId}/${spoke.region}`;
      if (!accounts.has(key)) {
        const group = request.spokes.filter(
          s => s.accountId === spoke.accountId && s.region === spoke.region,
        );
        accounts.set(
          key,
          this.collectAccount(spoke.accountId, spoke.region, group),
        );
      }
    }
    const results = await Promise.all(
      request.spokes.map(
        async spoke =>
          [
            spoke.name,
            await this.collectSpoke(spoke, hubPromise, accounts),
          ] as const,
      ),
    );
    return new Map(results);
  }

  private async collectHub(request: CollectRequest): Promise<HubObservations> {
    const hub = resolveHub(request);
    const versionsByRegion = new Map<
      string,
      Promise<Observed<ClusterVersionInformation[]>>
    >();
    if (!hub.accountId || !hub.region) {
      return {
        versionsByRegion,
        hubClients: failed(skipped('ec2:DescribeTransitGateways', HUB_UNKNOWN)),
      };
    }
    const hubClients = await this.aws.clients(hub.accountId, hub.region);
    if (!hubClients.ok) return { versionsByRegion, hubClients };
    // The version calendar is regional; the hub asks once per spoke region.
    for (const region of new Set(request.spokes.map(s => s.region))) {
      if (region) {
        versionsByRegion.set(
          region,
          this.clusterVersions(hubClients.value, region),
        );
      }
    }
    return { versionsByRegion, hubClients };
  }

  private async clusterVersions(
    hubClients: AccountClients,
    region: string,
  ): Promise<Observed<ClusterVersionInformation[]>> {
    // The calendar is the same for every account: the hub asks, in the spoke's region.
    const regional = await this.hubIn(hubClients, region);
    if (!regional.ok) return regional;
    const clients = regional.value;
    return allPages(
      token =>
        this.aws.call(clients, 'eks:DescribeClusterVersions', abortSignal =>
          clients.eks.send(
            new DescribeClusterVersionsCommand({
              includeAll: true,
              maxResults: 100,
              nextToken: token,
            }),
            { abortSignal },
          ),
        ),
      p => p.clusterVersions,
      p => p.nextToken,
    );
  }

  private async collectAccount(
    accountId: string,
    region: string,
    spokes: SpokeTarget[],
  ): Promise<AccountObservations> {
    const clients = await this.aws.clients(accountId, region);
    if (!clients.ok) {
      return {
        clients,
        clusters: clients,
        instances: clients,
        pendingMaintenance: clients,
        allSecrets: clients,
        secrets: clients,
      };
    }
    const c = clients.value;
    const ids = spokes.map(s => s.dbClusterIdentifier);
    // One spoke per account (the registry's rule): ask for that cluster by name, which
    // a role scoped to the cluster ARN allows; several: one filtered listing.
    const clustersCall =
      ids.length === 1
        ? this.aws
            .call(
              c,
              'rds:DescribeDBClusters',
              abortSignal =>
                c.rds.send(
                  new DescribeDBClustersCommand({
                    DBClusterIdentifier: ids[0],
                  }),
                  { abortSignal },
                ),
              {
                notFound: {
                  matches: named('DBClusterNotFoundFault'),
                  value: { DBClusters: [], $metadata: {} },
                },
              },
            )
            .then(o => mapObserved(o, r => r.DBClusters ?? []))
        : allPages(
            marker =>
              this.aws.call(c, 'rds:DescribeDBClusters', abortSignal =>
                c.rds.send(
                  new DescribeDBClustersCommand({
                    Filters: [{ Name: 'db-cluster-id', Values: ids }],
                    Marker: marker,
                  }),
                  { abortSignal },
                ),
              ),
            p => p.DBClusters,
            p => p.Marker,
          );
    const [clusters, instances, pendingMaintenance, allSecrets] =
      await Promise.all([
        clustersCall,
        allPages(
          marker =>
            this.aws.call(c, 'rds:DescribeDBInstances', abortSignal =>
              c.rds.send(
                new DescribeDBInstancesCommand({
                  Filters: [{ Name: 'db-cluster-id', Values: ids }],
                  Marker: marker,
                }),
                { abortSignal },
              ),
            ),
          p => p.DBInstances,
          p => p.Marker,
        ),
        // Maintenance is announced days ahead: reused between scheduled runs.
        this.aws.slowChanging(
          `${accountId}/${region}/rds:DescribePendingMaintenanceActions`,
          () =>
            allPages(
              marker =>
                this.aws.call(
                  c,
                  'rds:DescribePendingMaintenanceActions',
                  abortSignal =>
                    c.rds.send(
                      new DescribePendingMaintenanceActionsCommand({
                        Marker: marker,
                      }),
                      { abortSignal },
                    ),
                ),
              p => p.PendingMaintenanceActions,
              p => p.Marker,
            ),
        ),
        this.aws.slowChanging(
          `${accountId}/${region}/secretsmanager:ListSecrets`,
          () => this.collectSecrets(clients),
        ),
      ]);
    // Secrets a service manages (RDS master secrets, `rds!...`) are not people's, nor
    // are those on their way out.
    const secrets = mapObserved(allSecrets, list =>
      list.filter(
        e => !e.OwningService && !e.Name?.startsWith('rds!') && !e.DeletedDate,
      ),
    );
    return {
      clients,
      clusters,
      instances,
      pendingMaintenance,
      allSecrets,
      secrets,
    };
  }

  private async collectSpoke(
    spoke: SpokeTarget,
    hubPromise: Promise<HubObservations>,
    accounts: Map<string, Promise<AccountObservations>>,
  ): Promise<AccountSideObservations> {
    const account =
      spoke.accountId && spoke.region
        ? accounts.get(`${spoke.accountId}/${spoke.region}`)
        : undefined;
    const [eks, aurora, secrets] = await Promise.all([
      account
        ? account.then(a => this.collectEks(spoke, a.clients, hubPromise))
        : Promise.resolve(this.unidentifiedEks(spoke)),
      account
        ? account.then(async a => ({
            ...(await this.collectAurora(spoke, a)),
            engineSupport: await this.engineSupportFor(spoke, a, hubPromise),
          }))
        : Promise.resolve(this.unidentifiedAurora(spoke)),
      account
        ? account.then(a => a.secrets)
        : Promise.resolve(
            failed<SecretListEntry[]>(
              this.identityFailure(spoke, 'secretsmanager:ListSecrets'),
            ),
          ),
    ]);
    return { eks, aurora, secrets };
  }

  /**
   * The account's secrets, listed once per account and region with those scheduled for
   * deletion (one page of 100 covers a spoke's; the next token is followed up to five
   * pages). The master secret's rotation and deletion dates come from here too.
   */
  private async collectSecrets(
    clients: Observed<AccountClients>,
  ): Promise<Observed<SecretListEntry[]>> {
    if (!clients.ok) return clients;
    const entries: SecretListEntry[] = [];
    const listPage = (token: string | undefined) =>
      this.aws.call<ListSecretsResponse>(
        clients.value,
        'secretsmanager:ListSecrets',
        abortSignal =>
          clients.value.secretsManager.send(
            new ListSecretsCommand({
              MaxResults: 100,
              NextToken: token,
              IncludePlannedDeletion: true,
            }),
            { abortSignal },
          ),
      );
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const listed = await listPage(token);
      if (!listed.ok) return listed;
      entries.push(...(listed.value?.SecretList ?? []));
      token = listed.value?.NextToken;
      if (!token) break;
    }
    return observed(entries);
  }

  private identityFailure(spoke: SpokeTarget, operation: string): CallFailure {
    return skipped(
      operation,
      `The catalog entity ${spoke.entityRef} has no valid ${
        spoke.accountId ? 'platform.io/region' : 'platform.io/account-id'
      }, so its AWS account cannot be asked`,
    );
  }

  private unidentifiedEks(spoke: SpokeTarget): EksObservations {
    const f = failed(this.identityFailure(spoke, 'eks:DescribeCluster'));
    return {
      cluster: f,
      nodegroups: f,
      addons: f,
      capabilities: f,
      versions: f,
      insights: f,
      addonVersions: f,
    };
  }

  private unidentifiedAurora(spoke: SpokeTarget): AuroraObservations {
    const f = failed(this.identityFailure(spoke, 'rds:DescribeDBClusters'));
    return {
      clusters: f,
      instances: f,
      pendingMaintenance: f,
      secret: f,
      engineSupport: f,
      replicaLag: f,
    };
  }

  private async collectEks(
    spoke: SpokeTarget,
    clientsObserved: Observed<AccountClients>,
    hubPromise: Promise<HubObservations>,
  ): Promise<EksObservations> {
    const versions = hubPromise.then(
      h =>
        h.versionsByRegion.get(spoke.region!) ??
        (h.hubClients.ok
          ? failed<ClusterVersionInformation[]>(
              skipped(
                'eks:DescribeClusterVersions',
                'The EKS version calendar was not requested',
              ),
            )
          : h.hubClients),
    );
    if (!clientsObserved.ok) {
      return {
        cluster: clientsObserved,
        nodegroups: clientsObserved,
        addons: clientsObserved,
        capabilities: clientsObserved,
        versions: await versions,
        insights: clientsObserved,
        addonVersions: clientsObserved,
      };
    }
    const c = clientsObserved.value;
    const name = spoke.eksClusterName;
    const clusterGone = (op: string) =>
      skipped(op, `Cluster ${name} not found`, c);
    const notFound = named('ResourceNotFoundException');
    const describedCluster = this.aws
      .call(
        c,
        'eks:DescribeCluster',
        abortSignal =>
          c.eks.send(new DescribeClusterCommand({ name }), { abortSignal }),
        {
          notFound: {
            matches: notFound,
            value: { cluster: undefined, $metadata: {} },
          },
        },
      )
      .then(o => mapObserved(o, r => r.cluster));
    // Add-on versions for the cluster's Kubernetes version, once it is known.
    const addonVersions = describedCluster.then(
      (o): Promise<Observed<AddonInfo[]>> => {
        if (!o.ok) return Promise.resolve(o);
        if (!o.value?.version) {
          return Promise.resolve(
            failed(
              skipped(
                'eks:DescribeAddonVersions',
                `Cluster ${name} not found`,
                c,
              ),
            ),
          );
        }
        return this.addonVersionsFor(hubPromise, c.region, o.value.version);
      },
    );
    // EKS refreshes insights about daily: reused between scheduled runs.
    const insights = this.aws
      .slowChanging(`${c.accountId}/${c.region}/eks:ListInsights/${name}`, () =>
        allPages(
          token =>
            this.aws.call(c, 'eks:ListInsights', abortSignal =>
              c.eks.send(
                new ListInsightsCommand({
                  clusterName: name,
                  filter: { categories: ['UPGRADE_READINESS'] },
                  maxResults: 100,
                  nextToken: token,
                }),
                { abortSignal },
              ),
            ),
          p => p.insights,
          p => p.nextToken,
        ),
      )
      .then(
        (o): Observed<InsightSummary[]> =>
          !o.ok && o.failure.code === 'ResourceNotFoundException'
            ? failed(
                skipped('eks:ListInsights', `Cluster ${name} not found`, c),
              )
            : o,
      );
    const [cluster, nodegroups, addons, capabilities] = await Promise.all([
      describedCluster,
      this.listThenDescribe(
        `${c.accountId}/${c.region}/eks:ListNodegroups/${name}`,
        token =>
          this.aws.call(c, 'eks:ListNodegroups', abortSignal =>
            c.eks.send(
              new ListNodegroupsCommand({
                clusterName: name,
                nextToken: token,
              }),
              { abortSignal },
            ),
          ),
        p => p.nodegroups,
        ng =>
          this.aws
            .call(c, 'eks:DescribeNodegroup', abortSignal =>
              c.eks.send(
                new DescribeNodegroupCommand({
                  clusterName: name,
                  nodegroupName: ng,
                }),
                { abortSignal },
              ),
            )
            .then(o => mapObserved(o, r => r.nodegroup ?? {})),
        clusterGone('eks:ListNodegroups'),
      ).then(o =>
        mapObserved(o, list =>
          list.map(
            ([n, ng]): NodegroupObservation => ({ name: n, nodegroup: ng }),
          ),
        ),
      ),
      this.listThenDescribe(
        `${c.accountId}/${c.region}/eks:ListAddons/${name}`,
        token =>
          this.aws.call(c, 'eks:ListAddons', abortSignal =>
            c.eks.send(
              new ListAddonsCommand({ clusterName: name, nextToken: token }),
              { abortSignal },
            ),
          ),
        p => p.addons,
        addonName =>
          this.aws
            .call(c, 'eks:DescribeAddon', abortSignal =>
              c.eks.send(
                new DescribeAddonCommand({ clusterName: name, addonName }),
                { abortSignal },
              ),
            )
            .then(o => mapObserved(o, r => r.addon ?? {})),
        clusterGone('eks:ListAddons'),
      ).then(o =>
        mapObserved(o, list =>
          list.map(([n, addon]): AddonObservation => ({ name: n, addon })),
        ),
      ),
      this.listThenDescribe(
        `${c.accountId}/${c.region}/eks:ListCapabilities/${name}`,
        token =>
          this.aws.call(c, 'eks:ListCapabilities', abortSignal =>
            c.eks.send(
              new ListCapabilitiesCommand({
                clusterName: name,
                nextToken: token,
              }),
              { abortSignal },
            ),
          ),
        p => p.capabilities?.map(x => x.capabilityName!).filter(Boolean),
        capabilityName =>
          this.aws
            .call(c, 'eks:DescribeCapability', abortSignal =>
              c.eks.send(
                new DescribeCapabilityCommand({
                  clusterName: name,
                  capabilityName,
                }),
                { abortSignal },
              ),
            )
            .then(o => mapObserved(o, r => r.capability ?? {})),
        clusterGone('eks:ListCapabilities'),
      ).then(o =>
        mapObserved(o, list =>
          list.map(
            ([n, capability]): CapabilityObservation => ({
              name: n,
              capability,
            }),
          ),
        ),
      ),
    ]);
    return {
      cluster,
      nodegroups,
      addons,
      capabilities,
      versions: await versions,
      insights: await insights,
      addonVersions: await addonVersions,
    };
  }

  /**
   * Lists names (all pages; reused between scheduled runs under `key`), then describes
   * each. A name that no longer exists means the reused listing is stale: it is listed
   * again at once, so a removal shows in this run. A missing cluster is `skipped`.
   */
  private async listThenDescribe<P extends { nextToken?: string }, T>(
    key: string,
    page: (token: string | undefined) => Promise<Observed<P>>,
    names: (p: P) => string[] | undefined,
    describe: (name: string) => Promise<Observed<T>>,
    whenClusterGone: CallFailure,
  ): Promise<Observed<Array<[string, Observed<T>]>>> {
    const list = () => allPages(page, names, p => p.nextToken);
    const describeAll = async (listed: string[]) =>
      Promise.all(
        listed.map(async n => [n, await describe(n)] as [string, Observed<T>]),
      );
    let listed = await this.aws.slowChanging(key, list);
    for (let attempt = 0; ; attempt++) {
      if (!listed.ok) {
        return listed.failure.code === 'ResourceNotFoundException'
          ? failed(whenClusterGone)
          : listed;
      }
      const described = await describeAll(listed.value);
      const gone = described.some(
        ([, d]) => !d.ok && d.failure.code === 'ResourceNotFoundException',
      );
      if (!gone || attempt > 0) return observed(described);
      this.aws.forget(key);
      listed = await this.aws.slowChanging(key, list);
    }
  }

  private async collectAurora(
    spoke: SpokeTarget,
    account: AccountObservations,
  ): Promise<Omit<AuroraObservations, 'engineSupport'>> {
    const { clusters, instances, pendingMaintenance, clients } = account;
    const base = { clusters, instances, pendingMaintenance };
    if (!clients.ok) return { ...base, secret: clients, replicaLag: clients };
    if (!clusters.ok)
      return { ...base, secret: clusters, replicaLag: clusters };
    const cluster = clusters.value.find(
      x => x.DBClusterIdentifier === spoke.dbClusterIdentifier,
    );
    const [secret, replicaLag] = await Promise.all([
      this.collectMasterSecret(spoke, account, cluster),
      collectReplicaLag(
        this.aws,
        clients.value,
        spoke.dbClusterIdentifier,
        cluster,
        new Date(),
      ),
    ]);
    return { ...base, secret, replicaLag };
  }

  /** The cluster's managed master secret (rotation and deletion dates). */
  private async collectMasterSecret(
    spoke: SpokeTarget,
    account: AccountObservations,
    cluster: DBCluster | undefined,
  ): Promise<AuroraObservations['secret']> {
    const { clients } = account;
    if (!clients.ok) return clients;
    const secretArn = cluster?.MasterUserSecret?.SecretArn;
    if (!secretArn) {
      return failed(
        skipped(
          'secretsmanager:DescribeSecret',
          cluster
            ? `Cluster ${spoke.dbClusterIdentifier} has no managed master secret`
            : `Cluster ${spoke.dbClusterIdentifier} not found`,
        ),
      );
    }
    // The account's listing already carries the master secret's rotation and deletion
    // dates; ask for it alone only when the listing did not include it.
    const listed = account.allSecrets.ok
      ? account.allSecrets.value.find(e => e.ARN === secretArn)
      : undefined;
    if (listed) {
      return observed(listed as DescribeSecretResponse);
    }
    const c = clients.value;
    return this.aws.call<DescribeSecretResponse | undefined>(
      c,
      'secretsmanager:DescribeSecret',
      abortSignal =>
        c.secretsManager.send(
          new DescribeSecretCommand({ SecretId: secretArn }),
          {
            abortSignal,
          },
        ),
      {
        notFound: {
          matches: named('ResourceNotFoundException'),
          value: undefined,
        },
      },
    );
  }
}
