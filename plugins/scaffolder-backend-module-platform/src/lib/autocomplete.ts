import { InputError } from '@backstage/errors';
import {
  addressPlanOf,
  CidrError,
  findPool,
  POD_CIDR,
  poolUsage,
  proposeSpokeCidr,
  spokeDefaults,
} from '@internal/plugin-platform-common';
import { RegistrySource } from './RegistrySource';

/** Provider id under which the scaffolder serves {@link platformAutocomplete}. */
export const PLATFORM_AUTOCOMPLETE_PROVIDER = 'platform';

/** The resources {@link platformAutocomplete} serves. */
export const PLATFORM_AUTOCOMPLETE_RESOURCES = [
  'vpc-cidrs',
  'address-pools',
  'pool-cidrs',
  'next-free-cidr',
] as const;

/** One autocomplete answer, as the scaffolder's autocomplete route returns it. */
export interface AutocompleteResult {
  id: string;
  title?: string;
}

function environmentClassOf(context: Record<string, string>) {
  const value = context.environmentClass ?? 'non-prod';
  if (value !== 'non-prod' && value !== 'prod') {
    throw new InputError(
      `context.environmentClass must be non-prod or prod, got '${value}'`,
    );
  }
  return value;
}

/**
 * Read-only registry facts for the New environment form's address fields, served by
 * the scaffolder's autocomplete route (`POST /api/scaffolder/v2/autocomplete/platform/<resource>`):
 *
 * - `vpc-cidrs`: every block in use (hub, each spoke, the pod range), id = CIDR;
 * - `address-pools`: the hub's pools, id = pool name, title = its blocks and how full
 *   it is; the first result is the default pool of `context.environmentClass`;
 * - `pool-cidrs`: the blocks of pool `context.pool` (default: the class's pool);
 * - `next-free-cidr`: the planner's proposal for `context.pool` and `context.size`
 *   (a prefix length, 16 to 20; `prefixLength` is read too), each defaulting to the
 *   class's (`context.environmentClass`, default `non-prod`). The title names the
 *   pool and size used. A full pool is an `InputError` naming it.
 *
 * The route's `token` is meant for SCM providers; this provider ignores it.
 */
export async function platformAutocomplete(
  registry: RegistrySource,
  resource: string,
  context: Record<string, string> = {},
): Promise<{ results: AutocompleteResult[] }> {
  const loaded = registry.load();
  const plan = addressPlanOf(loaded.hub);
  if (resource === 'vpc-cidrs') {
    return {
      results: [
        { id: loaded.hub.network.cidr, title: `hub ${loaded.hub.name}` },
        ...loaded.spokes.map(s => ({
          id: s.network.cidr,
          title: `spoke ${s.name}`,
        })),
        { id: POD_CIDR, title: 'pod range of every spoke' },
      ],
    };
  }
  if (resource === 'address-pools') {
    const defaults = spokeDefaults(plan, environmentClassOf(context));
    const usage = poolUsage(loaded);
    const ordered = [
      defaults.pool,
      ...plan.pools.filter(p => p !== defaults.pool),
    ];
    return {
      results: ordered.map(pool => {
        const u = usage.find(x => x.pool === pool.name)!;
        const freePercent = Math.floor((100 * u.free) / u.total);
        return {
          id: pool.name,
          title: `${pool.name}: ${pool.cidrs.join(
            ', ',
          )} (${freePercent}% free, ${u.spokes} spoke${
            u.spokes === 1 ? '' : 's'
          })`,
        };
      }),
    };
  }
  if (resource === 'pool-cidrs') {
    const pool = context.pool
      ? findPool(plan, context.pool)
      : spokeDefaults(plan, environmentClassOf(context)).pool;
    if (!pool) {
      throw new InputError(
        `context.pool: unknown address pool '${
          context.pool
        }'; the hub's pools are ${plan.pools.map(p => p.name).join(', ')}`,
      );
    }
    return {
      results: pool.cidrs.map(cidr => ({ id: cidr, title: pool.name })),
    };
  }
  if (resource === 'next-free-cidr') {
    const sizeText = context.size || context.prefixLength;
    const size = sizeText ? Number(sizeText) : undefined;
    if (size !== undefined && !Number.isInteger(size)) {
      throw new InputError(
        `context.size must be a prefix length from 16 to 20, got '${sizeText}'`,
      );
    }
    try {
      const proposal = proposeSpokeCidr(loaded, {
        pool: context.pool || undefined,
        size,
        environmentClass: environmentClassOf(context),
      });
      return {
        results: [
          {
            id: proposal.cidr,
            title: `next free /${proposal.size} in pool ${proposal.pool}`,
          },
        ],
      };
    } catch (e) {
      if (e instanceof CidrError) throw new InputError(e.message);
      throw e;
    }
  }
  throw new InputError(
    `Unknown resource '${resource}' of autocomplete provider '${PLATFORM_AUTOCOMPLETE_PROVIDER}'; known: ${PLATFORM_AUTOCOMPLETE_RESOURCES.join(
      ', ',
    )}`,
  );
}
