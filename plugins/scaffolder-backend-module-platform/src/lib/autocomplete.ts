import { InputError } from '@backstage/errors';
import {
  MAX_AZ_COUNT,
  minimumVpcPrefix,
  nextFreeCidr,
  POD_CIDR,
} from '@internal/plugin-platform-common';
import { RegistrySource } from './RegistrySource';

/** Provider id under which the scaffolder serves {@link platformAutocomplete}. */
export const PLATFORM_AUTOCOMPLETE_PROVIDER = 'platform';

/** One autocomplete answer, as the scaffolder's autocomplete route returns it. */
export interface AutocompleteResult {
  id: string;
  title?: string;
}

/**
 * Read-only registry facts for the New environment form's CIDR field, served by the
 * scaffolder's autocomplete route (`POST /api/scaffolder/v2/autocomplete/platform/<resource>`):
 *
 * - `vpc-cidrs`: every block in use (hub, each spoke, the pod range), id = CIDR;
 * - `next-free-cidr`: the lowest free block big enough for the subnet plan
 *   (`context.prefixLength` to ask for another size).
 *
 * The route's `token` is meant for SCM providers; this provider ignores it.
 */
export async function platformAutocomplete(
  registry: RegistrySource,
  resource: string,
  context: Record<string, string> = {},
): Promise<{ results: AutocompleteResult[] }> {
  const loaded = registry.load();
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
  if (resource === 'next-free-cidr') {
    const prefixLength = context.prefixLength
      ? Number(context.prefixLength)
      : minimumVpcPrefix(MAX_AZ_COUNT);
    if (!Number.isInteger(prefixLength)) {
      throw new InputError(
        `context.prefixLength must be an integer, got '${context.prefixLength}'`,
      );
    }
    let cidr: string;
    try {
      cidr = nextFreeCidr(loaded, prefixLength);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    return { results: [{ id: cidr, title: `next free /${prefixLength}` }] };
  }
  throw new InputError(
    `Unknown resource '${resource}' of autocomplete provider '${PLATFORM_AUTOCOMPLETE_PROVIDER}'; known: vpc-cidrs, next-free-cidr`,
  );
}
