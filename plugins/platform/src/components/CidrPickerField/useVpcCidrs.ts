import { useApi } from '@backstage/frontend-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { UsedCidr } from './checkVpcCidr';

/**
 * The scaffolder's autocomplete route asks for a token, meant for SCM providers; the
 * platform provider reads only the registry on the server and ignores it.
 */
const UNUSED_TOKEN = 'unused';

/** The form's answers the proposal depends on; empty means the registry's default. */
export interface AddressRequest {
  pool?: string;
  size?: number;
  environmentClass?: string;
}

/** What the registry on the server says about VPC blocks. */
export interface VpcCidrs {
  used: UsedCidr[];
  /** The next free block of the chosen size in the chosen pool. */
  proposed?: string;
  /** Why nothing could be proposed, e.g. the pool is full. */
  proposalError?: string;
  /** The pool the proposal is for and its blocks. */
  pool?: { name: string; cidrs: string[] };
}

type Autocomplete = {
  autocomplete?(request: {
    token: string;
    provider: string;
    resource: string;
    context: Record<string, string>;
  }): Promise<{ results: { id: string; title?: string }[] }>;
};

function contextOf(request: AddressRequest): Record<string, string> {
  const context: Record<string, string> = {};
  if (request.pool) context.pool = request.pool;
  if (request.size !== undefined) context.size = String(request.size);
  if (request.environmentClass) {
    context.environmentClass = request.environmentClass;
  }
  return context;
}

/**
 * Reads the blocks in use, the chosen pool's blocks and the proposal from the
 * scaffolder's `platform` provider. A refused proposal (a full pool) is returned as
 * `proposalError`, so the blocks in use still show.
 */
export async function fetchVpcCidrs(
  scaffolderApi: Autocomplete,
  request: AddressRequest = {},
): Promise<VpcCidrs> {
  if (!scaffolderApi.autocomplete) {
    throw new Error(
      'this scaffolder client cannot query autocomplete providers',
    );
  }
  const context = contextOf(request);
  const ask = (resource: string) =>
    scaffolderApi.autocomplete!({
      token: UNUSED_TOKEN,
      provider: 'platform',
      resource,
      context,
    });
  const [used, poolCidrs, next] = await Promise.all([
    ask('vpc-cidrs'),
    ask('pool-cidrs'),
    ask('next-free-cidr').then(
      r => ({ proposed: r.results[0]?.id, error: undefined }),
      (e: Error) => ({ proposed: undefined, error: e.message }),
    ),
  ]);
  const poolName = poolCidrs.results[0]?.title;
  return {
    used: used.results.map(r => ({ cidr: r.id, owner: r.title ?? r.id })),
    proposed: next.proposed,
    proposalError: next.error,
    pool: poolName
      ? { name: poolName, cidrs: poolCidrs.results.map(r => r.id) }
      : undefined,
  };
}

/** {@link fetchVpcCidrs} as a hook; asks again when the pool, size or class change. */
export function useVpcCidrs(request: AddressRequest = {}) {
  const scaffolderApi = useApi(scaffolderApiRef);
  const { pool, size, environmentClass } = request;
  return useAsync(
    () => fetchVpcCidrs(scaffolderApi, { pool, size, environmentClass }),
    [scaffolderApi, pool, size, environmentClass],
  );
}
