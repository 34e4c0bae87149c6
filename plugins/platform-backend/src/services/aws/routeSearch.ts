import type {
  Filter,
  SearchTransitGatewayRoutesResult,
  TransitGatewayRoute,
} from '@aws-sdk/client-ec2';
import {
  formatCidr,
  Ipv4Cidr,
  parseCidr,
} from '@internal/plugin-platform-common';
import { CallFailure, Observed, observed } from '../../lib/observations';

/**
 * One SearchTransitGatewayRoutes call on one table: the filters beyond the route
 * types, and the page token when AWS gave one.
 */
export type RouteSearch = (
  filters: Filter[],
  nextToken: string | undefined,
) => Promise<Observed<SearchTransitGatewayRoutesResult>>;

interface SearchResult {
  routes: TransitGatewayRoute[];
  /** False when AWS said more routes match but gave no token to ask for them. */
  complete: boolean;
}

/** Follows every page of one search. */
async function searchAll(
  search: RouteSearch,
  filters: Filter[],
): Promise<Observed<SearchResult>> {
  const routes: TransitGatewayRoute[] = [];
  let token: string | undefined;
  do {
    const page = await search(filters, token);
    if (!page.ok) return page;
    routes.push(...(page.value.Routes ?? []));
    token = page.value.NextToken ?? undefined;
    if (!token && page.value.AdditionalRoutesAvailable) {
      return observed({ routes, complete: false });
    }
  } while (token);
  return observed({ routes, complete: true });
}

const routeKey = (r: TransitGatewayRoute) =>
  r.DestinationCidrBlock ?? `pl:${r.PrefixListId ?? ''}`;

/** The two halves of a block, one bit longer. */
function halves(cidr: Ipv4Cidr): [Ipv4Cidr, Ipv4Cidr] {
  const prefixLength = cidr.prefixLength + 1;
  return [
    { address: cidr.address, prefixLength },
    { address: cidr.address + 2 ** (32 - prefixLength), prefixLength },
  ];
}

/**
 * Reads the routes inside `cidr` whose first search came back incomplete: the block
 * itself by exact match, then each half by subnet-of match, halving again wherever
 * AWS still has more than one answer holds.
 */
async function narrow(
  search: RouteSearch,
  cidr: Ipv4Cidr,
  found: Map<string, TransitGatewayRoute>,
): Promise<CallFailure | undefined> {
  const exact = await searchAll(search, [
    { Name: 'route-search.exact-match', Values: [formatCidr(cidr)] },
  ]);
  if (!exact.ok) return exact.failure;
  for (const r of exact.value.routes) found.set(routeKey(r), r);
  if (cidr.prefixLength >= 32) return undefined;
  const failures = await Promise.all(
    halves(cidr).map(async half => {
      const within = await searchAll(search, [
        { Name: 'route-search.subnet-of-match', Values: [formatCidr(half)] },
      ]);
      if (!within.ok) return within.failure;
      for (const r of within.value.routes) found.set(routeKey(r), r);
      return within.value.complete ? undefined : narrow(search, half, found);
    }),
  );
  return failures.find(Boolean);
}

/**
 * Every static and propagated route of one TGW route table. SearchTransitGatewayRoutes
 * answers at most 1,000 routes per call; it follows NextToken where AWS gives one, and
 * where AWS only says AdditionalRoutesAvailable (the API long had no token) it narrows
 * the search by CIDR until each answer is whole. Routes to a prefix list can only come
 * from the unfiltered search.
 */
export async function readRouteTable(
  search: RouteSearch,
): Promise<Observed<TransitGatewayRoute[]>> {
  const first = await searchAll(search, []);
  if (!first.ok) return first;
  if (first.value.complete) return observed(first.value.routes);
  const found = new Map<string, TransitGatewayRoute>();
  for (const r of first.value.routes) found.set(routeKey(r), r);
  const failure = await narrow(search, parseCidr('0.0.0.0/0'), found);
  if (failure) return { ok: false, failure };
  return observed([...found.values()]);
}
