import {
  HealthCheckResult,
  rollUpChecks,
  SpokeHealth,
} from '@internal/plugin-platform-common';
import { CheckInput } from '../observations';
import { auroraChecks } from './aurora';
import { driftChecks } from './drift';
import { eksChecks } from './eks';
import { tgwChecks } from './tgw';

/** Every check of one spoke, in display order. */
export function runChecks(input: CheckInput): HealthCheckResult[] {
  return [
    ...eksChecks(input),
    ...tgwChecks(input),
    ...auroraChecks(input),
    ...driftChecks(input),
  ];
}

/** One spoke's health: every check, rolled up per component and for the spoke. */
export function assessSpoke(input: CheckInput): SpokeHealth {
  const { spoke } = input;
  return rollUpChecks(
    {
      spoke: spoke.name,
      entityRef: spoke.entityRef,
      environmentClass: spoke.environmentClass,
      owner: spoke.owner,
      accountId: spoke.accountId,
      region: spoke.region,
    },
    runChecks(input),
    input.now.toISOString(),
  );
}
