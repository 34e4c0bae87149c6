import { SpokeObservations, TgwObservations } from '../../lib/observations';
import { AccountCollector, AccountSideObservations } from './AccountCollector';
import { AwsCallScope } from './AwsAccess';
import { CollectRequest } from './collectHelpers';
import { TransitCollector } from './TransitCollector';

/**
 * Collects everything the checks need, in this thread: the spoke accounts'
 * observations ({@link AccountCollector}) and the hub's Transit Gateway
 * ({@link TransitCollector}) at the same time, on one call scope.
 */
export class HealthCollector {
  constructor(private readonly aws: AwsCallScope) {}

  async collect(
    request: CollectRequest,
  ): Promise<Map<string, SpokeObservations>> {
    // The hub's listings first: every spoke's Transit Gateway checks wait on them, and
    // calls start in the order they are asked (the scope's concurrency queue), so
    // asked after the spoke accounts' they would finish last and hold the refresh.
    const [transit, accounts] = await Promise.all([
      new TransitCollector(this.aws).collect(request),
      new AccountCollector(this.aws).collect(request),
    ]);
    return joinObservations(accounts, transit);
  }
}

/** Each spoke's account-side observations with its Transit Gateway ones. */
export function joinObservations(
  accounts: Map<string, AccountSideObservations>,
  transit: Map<string, TgwObservations>,
): Map<string, SpokeObservations> {
  const joined = new Map<string, SpokeObservations>();
  for (const [name, observations] of accounts) {
    const tgw = transit.get(name);
    if (!tgw) {
      throw new Error(`No Transit Gateway observations for spoke ${name}`);
    }
    joined.set(name, { ...observations, tgw });
  }
  return joined;
}
