import {
  HealthCheckResult,
  HealthStatus,
  PLATFORM_COMPONENTS,
  PlatformComponent,
  SpokeHealthSummary,
  SpokeListResponse,
} from '@internal/plugin-platform-common';

/** The hub's environment class, on its catalog System and (if listed) in the API. */
export const HUB_ENVIRONMENT_CLASS = 'hub';

/** What one cell of the spokes table says. */
export type Cell =
  | { kind: 'status'; status: HealthStatus; summary: string }
  | { kind: 'not-applicable'; summary: string }
  | { kind: 'loading'; summary: string };

/** One row of the spokes table: the hub or a spoke. */
export interface SpokeRow {
  name: string;
  isHub: boolean;
  entityRef?: string;
  environmentClass?: string;
  /** The owning team's entity ref, e.g. `group:default/payments-team`. */
  owner?: string;
  accountId?: string;
  region?: string;
  overall: Cell;
  components: Record<PlatformComponent, Cell>;
  refreshedAt?: string;
  stale: boolean;
  /** Only spokes have a detail page with checks and history. */
  hasDetail: boolean;
}

/** The hub as the catalog describes it, and its Transit Gateway check when one is known. */
export interface HubInfo {
  name: string;
  entityRef: string;
  owner?: string;
  accountId?: string;
  region?: string;
  /**
   * The hub TGW is checked with every spoke (`tgw.gateway`): the check from the
   * most recent spoke snapshot, `undefined` while loading, `null` when no spoke has one.
   */
  gateway?: HubGateway | null;
  /** Why the hub TGW check could not be read, if it could not. */
  gatewayError?: string;
}

export interface HubGateway {
  check: HealthCheckResult;
  /** The spoke whose refresh saw it. */
  spoke: string;
  refreshedAt: string;
  stale: boolean;
}

/** Id of the hub TGW check in every spoke's Transit Gateway component. */
export const HUB_GATEWAY_CHECK_ID = 'tgw.gateway';

const NOT_REPORTED: Cell = {
  kind: 'status',
  status: 'unknown',
  summary:
    'Not reported by the last refresh: the backend may be older than this page; refresh to check again',
};

export function spokeRow(spoke: SpokeHealthSummary): SpokeRow {
  const isHub = spoke.environmentClass === HUB_ENVIRONMENT_CLASS;
  const components = Object.fromEntries(
    PLATFORM_COMPONENTS.map(component => {
      const found = spoke.components.find(c => c.component === component);
      const cell: Cell = found
        ? { kind: 'status', status: found.status, summary: found.summary }
        : NOT_REPORTED;
      return [component, cell];
    }),
  ) as Record<PlatformComponent, Cell>;
  return {
    name: spoke.spoke,
    isHub,
    entityRef: spoke.entityRef,
    environmentClass: spoke.environmentClass,
    owner: spoke.owner,
    accountId: spoke.accountId,
    region: spoke.region,
    overall: { kind: 'status', status: spoke.status, summary: spoke.summary },
    components,
    refreshedAt: spoke.refreshedAt,
    stale: spoke.stale,
    hasDetail: !isHub,
  };
}

/** The hub's row when the API does not list the hub: its TGW from a spoke's snapshot. */
export function hubRow(hub: HubInfo): SpokeRow {
  let gatewayCell: Cell;
  if (hub.gateway === undefined) {
    gatewayCell = {
      kind: 'loading',
      summary:
        'Reading the hub Transit Gateway check from the latest spoke refresh',
    };
  } else if (hub.gatewayError) {
    gatewayCell = {
      kind: 'status',
      status: 'unknown',
      summary: `Could not read the hub Transit Gateway check: ${hub.gatewayError}`,
    };
  } else if (hub.gateway === null) {
    gatewayCell = {
      kind: 'status',
      status: 'unknown',
      summary:
        "Not checked yet: the hub's Transit Gateway is checked with each spoke's refresh, and no spoke has been refreshed",
    };
  } else {
    gatewayCell = {
      kind: 'status',
      status: hub.gateway.check.status,
      summary: hub.gateway.check.summary,
    };
  }
  return {
    name: hub.name,
    isHub: true,
    entityRef: hub.entityRef,
    environmentClass: HUB_ENVIRONMENT_CLASS,
    owner: hub.owner,
    accountId: hub.accountId,
    region: hub.region,
    overall: gatewayCell,
    components: {
      eks: { kind: 'not-applicable', summary: 'The hub runs no EKS cluster' },
      'tgw-attachment': gatewayCell,
      aurora: {
        kind: 'not-applicable',
        summary: 'The hub runs no Aurora cluster',
      },
    },
    refreshedAt: hub.gateway?.refreshedAt,
    stale: hub.gateway?.stale ?? false,
    hasDetail: false,
  };
}

function byName(a: SpokeRow, b: SpokeRow): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * The table's rows: the hub first (from the API if it lists the hub, else from the
 * catalog), then the spokes by name.
 */
export function buildRows(
  list: SpokeListResponse,
  hub: HubInfo | undefined,
): SpokeRow[] {
  const rows = list.items.map(spokeRow);
  const listedHubs = rows.filter(r => r.isHub);
  const hubs = listedHubs.length > 0 || !hub ? listedHubs : [hubRow(hub)];
  return [...hubs.sort(byName), ...rows.filter(r => !r.isHub).sort(byName)];
}

/** The environment classes in the rows, hub first, for the filter. */
export function environmentClasses(rows: SpokeRow[]): string[] {
  const classes = new Set(
    rows.map(r => r.environmentClass).filter((c): c is string => !!c),
  );
  return [...classes].sort((a, b) => {
    if (a === HUB_ENVIRONMENT_CLASS) return -1;
    if (b === HUB_ENVIRONMENT_CLASS) return 1;
    return a.localeCompare(b);
  });
}

/** The owning teams in the rows, by their short name, for the filter. */
export function owners(rows: SpokeRow[]): string[] {
  const refs = new Set(rows.map(r => r.owner).filter((o): o is string => !!o));
  return [...refs].sort((a, b) => ownerLabel(a).localeCompare(ownerLabel(b)));
}

/** `group:default/payments-team` as people say it: `payments-team`. */
export function ownerLabel(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  if (kind.toLowerCase() !== 'group') return ref;
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** What the spokes table is filtered by; an empty or absent value means any. */
export interface RowFilters {
  environmentClass?: string;
  status?: string;
  /** An owner's entity ref. */
  owner?: string;
}

/**
 * Rows matching every filter. A row whose status is still loading (the hub)
 * matches no status; a row without an owner matches no owner.
 */
export function filterRows(rows: SpokeRow[], filters: RowFilters): SpokeRow[] {
  const { environmentClass, status, owner } = filters;
  return rows.filter(
    r =>
      (!environmentClass || r.environmentClass === environmentClass) &&
      (!status ||
        (r.overall.kind === 'status' && r.overall.status === status)) &&
      (!owner || r.owner === owner),
  );
}

/**
 * Spokes shown per page: a long list stays quick to render and to scan.
 *
 * The table pages in the browser over the filtered list, not with `?limit&cursor` on
 * the server, because at 500 spokes the whole list is one cached answer of about
 * 300 KB served in a few milliseconds (bench-refresh.js: p50 5.6 ms), and the page
 * needs all of it anyway: the filters' choices (classes, owners), the match count
 * and the hub's Transit Gateway come from every row, and filtering and counting
 * 500 rows takes well under a millisecond. Rendering is what grows with the list,
 * and only one page of rows is rendered. Server-side paging would need the same
 * filters and counts again in the API, and a page would no longer be a slice of
 * one consistent snapshot of the list.
 */
export const ROWS_PER_PAGE = 50;

/** One page of rows (0-based), and the page actually shown when `page` is past the end. */
export function pageOf(
  rows: SpokeRow[],
  page: number,
  size = ROWS_PER_PAGE,
): { rows: SpokeRow[]; page: number } {
  const last = Math.max(0, Math.ceil(rows.length / size) - 1);
  const shown = Math.min(Math.max(0, page), last);
  return { rows: rows.slice(shown * size, (shown + 1) * size), page: shown };
}

/** The spoke whose snapshot is newest: its `tgw.gateway` check is the hub TGW's latest state. */
export function newestSpoke(list: SpokeListResponse): string | undefined {
  let newest: SpokeHealthSummary | undefined;
  for (const item of list.items) {
    if (item.environmentClass === HUB_ENVIRONMENT_CLASS) continue;
    if (!newest || item.refreshedAt > newest.refreshedAt) newest = item;
  }
  return newest?.spoke;
}
