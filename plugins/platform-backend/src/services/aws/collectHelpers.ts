import {
  HubTarget,
  observed,
  Observed,
  RegistryView,
  SpokeTarget,
} from '../../lib/observations';
import type { AwsAccess, AwsCallScope, CallStats } from './AwsAccess';

/** What a collection asks about: the hub, the spokes, and the registry they come from. */
export interface CollectRequest {
  hub?: HubTarget;
  spokes: SpokeTarget[];
  registry: RegistryView;
}

/** How a collection runs: its abort signal, and whether it renews the reused answers. */
export interface CollectOptions {
  /** Once it aborts, calls in flight are cancelled and no new call is made. */
  signal?: AbortSignal;
  /** Ask for everything, renewing the answers reused across refreshes (a refresh by hand). */
  fresh?: boolean;
}

/** Runs `collect` on a new call scope of `aws`: what it observed, and the calls it cost. */
export async function inCallScope<T>(
  aws: AwsAccess,
  { signal, fresh }: CollectOptions,
  collect: (scope: AwsCallScope) => Promise<T>,
): Promise<{ observations: T; stats: CallStats }> {
  const scope = aws.scope({ signal, fresh });
  const observations = await collect(scope);
  return { observations, stats: scope.getStats() };
}

/** An error whose name says the resource does not exist. */
export const named =
  (...names: string[]) =>
  (e: unknown) =>
    names.includes(String((e as { name?: string })?.name));

/** Pages through a paginated call, failing as a whole if any page fails. */
export async function allPages<P, T>(
  fetchPage: (token: string | undefined) => Promise<Observed<P>>,
  items: (page: P) => T[] | undefined,
  next: (page: P) => string | undefined,
): Promise<Observed<T[]>> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    if (!page.ok) return page;
    // An empty answer (no body) is an empty page.
    if (!page.value) break;
    all.push(...(items(page.value) ?? []));
    token = next(page.value);
  } while (token);
  return observed(all);
}

export const mapObserved = <A, B>(
  o: Observed<A>,
  f: (a: A) => B,
): Observed<B> => (o.ok ? observed(f(o.value)) : o);

/** The hub's account, region and TGW: from the catalog, else the registry. */
export function resolveHub(request: {
  hub?: HubTarget;
  registry: RegistryView;
}): ResolvedHub {
  const reg = request.registry.ok ? request.registry.hub : undefined;
  return {
    accountId: request.hub?.accountId ?? reg?.account,
    region: request.hub?.region ?? reg?.region,
    transitGatewayId:
      request.hub?.transitGatewayId ?? reg?.deployed?.transitGatewayId,
  };
}

export interface ResolvedHub {
  accountId?: string;
  region?: string;
  transitGatewayId?: string;
}

/** Why nothing can be asked of the hub when its account is not known. */
export const HUB_UNKNOWN =
  'The hub account is unknown: no System with platform.io/environment-class hub in the catalog, and no readable registry';
