import { useApi } from '@backstage/frontend-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { UsedCidr } from './checkVpcCidr';

/**
 * The scaffolder's autocomplete route asks for a token, meant for SCM providers; the
 * platform provider reads only the registry on the server and ignores it.
 */
const UNUSED_TOKEN = 'unused';

/** What the registry on the server says about VPC blocks. */
export interface VpcCidrs {
  used: UsedCidr[];
  /** The lowest free block big enough for a spoke. */
  proposed?: string;
}

type Autocomplete = {
  autocomplete?(request: {
    token: string;
    provider: string;
    resource: string;
    context: Record<string, string>;
  }): Promise<{ results: { id: string; title?: string }[] }>;
};

/** Reads the blocks in use and the proposal from the scaffolder's `platform` provider. */
export async function fetchVpcCidrs(
  scaffolderApi: Autocomplete,
): Promise<VpcCidrs> {
  if (!scaffolderApi.autocomplete) {
    throw new Error(
      'this scaffolder client cannot query autocomplete providers',
    );
  }
  const ask = (resource: string) =>
    scaffolderApi.autocomplete!({
      token: UNUSED_TOKEN,
      provider: 'platform',
      resource,
      context: {},
    });
  const [used, next] = await Promise.all([
    ask('vpc-cidrs'),
    ask('next-free-cidr'),
  ]);
  return {
    used: used.results.map(r => ({ cidr: r.id, owner: r.title ?? r.id })),
    proposed: next.results[0]?.id,
  };
}

/** {@link fetchVpcCidrs} as a hook. */
export function useVpcCidrs() {
  const scaffolderApi = useApi(scaffolderApiRef);
  return useAsync(() => fetchVpcCidrs(scaffolderApi), [scaffolderApi]);
}
