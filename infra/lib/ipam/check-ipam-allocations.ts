import { EC2Client, GetIpamPoolAllocationsCommand } from '@aws-sdk/client-ec2';
import {
  checkRegistryAgainstIpam,
  formatRegistryIssue,
  IpamAllocation,
  IpamCheckResult,
  IpamPoolAllocations,
  ipamPoolIdsToCheck,
  Registry,
} from '@internal/plugin-platform-common';

/** The calls the check makes; `EC2Client` fits. */
export type IpamReader = Pick<EC2Client, 'send'>;

/**
 * Reads every allocation of each pool (`GetIpamPoolAllocations`, paged). A pool that
 * cannot be read is reported as such; the other pools are still read.
 */
export async function readIpamPoolAllocations(
  client: IpamReader,
  poolIds: Record<string, string>,
): Promise<IpamPoolAllocations> {
  const out: IpamPoolAllocations = {};
  for (const [name, poolId] of Object.entries(poolIds)) {
    try {
      const allocations: IpamAllocation[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetIpamPoolAllocationsCommand({
            IpamPoolId: poolId,
            MaxResults: 1000,
            NextToken: nextToken,
          }),
        );
        for (const a of page.IpamPoolAllocations ?? []) {
          if (!a.Cidr) continue;
          allocations.push({
            cidr: a.Cidr,
            allocationId: a.IpamPoolAllocationId,
            description: a.Description,
            resourceType: a.ResourceType,
            resourceId: a.ResourceId,
            resourceOwner: a.ResourceOwner,
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
      out[name] = { poolId, allocations };
    } catch (e) {
      const err = e as Error;
      out[name] = {
        poolId,
        error: `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${
          err.message
        }`,
      };
    }
  }
  return out;
}

/** What {@link checkIpamAllocations} found, with the lines and exit code of the CLI. */
export interface IpamCheckReport extends IpamCheckResult {
  /** 0: no conflict; 1: a block was taken; 2: a pool could not be read. */
  exitCode: 0 | 1 | 2;
  lines: string[];
}

/**
 * The pull-request check: reads the hub's IPAM pools (ids from `hub.yaml`
 * `deployed.ipamPoolIds`) and fails every registry block that IPAM has given to
 * something else meanwhile. `files` limits it to the files a pull request changes.
 */
export async function checkIpamAllocations(options: {
  registry: Registry;
  client: IpamReader;
  files?: string[];
}): Promise<IpamCheckReport> {
  const poolIds = ipamPoolIdsToCheck(options.registry);
  const ipam = await readIpamPoolAllocations(options.client, poolIds);
  const result = checkRegistryAgainstIpam(options.registry, ipam, {
    files: options.files,
  });
  const lines: string[] = [];
  if (Object.keys(poolIds).length === 0) {
    lines.push(
      'No IPAM pool ids in hub.yaml deployed.ipamPoolIds: nothing to check against IPAM.',
    );
  }
  for (const c of result.checked) {
    lines.push(`${c.file}: ${c.cidr} in pool ${c.pool}: ${c.outcome}`);
  }
  for (const issue of [...result.conflicts, ...result.unreadable]) {
    lines.push(formatRegistryIssue(issue));
  }
  let exitCode: IpamCheckReport['exitCode'] = 0;
  if (result.unreadable.length > 0) exitCode = 2;
  if (result.conflicts.length > 0) exitCode = 1;
  lines.push(
    exitCode === 0
      ? `IPAM check passed: ${result.checked.length} block(s) checked.`
      : `IPAM check failed: ${result.conflicts.length} block(s) taken, ${result.unreadable.length} not checkable.`,
  );
  return { ...result, exitCode, lines };
}
