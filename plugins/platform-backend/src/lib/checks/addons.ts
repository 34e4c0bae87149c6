import type { Addon } from '@aws-sdk/client-eks';
import {
  CORE_EKS_ADDONS,
  HealthCheckResult,
  SPOKE_EKS_ADDONS,
} from '@internal/plugin-platform-common';
import { CheckInput } from '../observations';
import { CheckSpec, classify, plural, unknownBecause, verdict } from './common';
import { describeIssues, issueDetails } from './issues';

/**
 * EKS add-ons: one check per add-on the cluster has (its status and health
 * issues, as DescribeAddon reports them) and one that names the platform's
 * add-ons (platform-common `SPOKE_EKS_ADDONS`) the cluster lacks.
 */

const ADDONS: CheckSpec = {
  id: 'eks.addons',
  component: 'eks',
  title: 'Add-ons',
};

const addonSpec = (name: string): CheckSpec => ({
  id: `eks.addon:${name}`,
  component: 'eks',
  title: `Add-on ${name}`,
});

/** Add-ons without which pods get no network or DNS: a degraded one is critical. */
export const CORE_ADDONS = CORE_EKS_ADDONS;

function addonVerdict(name: string, addon: Addon): HealthCheckResult {
  const issues = addon.health?.issues ?? [];
  const core = CORE_ADDONS.includes(name);
  let status = classify(addon.status, {
    ok: ['ACTIVE'],
    warning: ['CREATING', 'UPDATING', 'DELETING'],
    critical: ['CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED'],
  });
  if (addon.status === 'DEGRADED') status = core ? 'critical' : 'warning';
  const parts = [`${addon.status} ${addon.addonVersion ?? ''}`.trim()];
  if (issues.length > 0) {
    parts.push(describeIssues(issues));
    if (status === 'ok') status = 'warning';
  }
  return verdict(addonSpec(name), status, parts.join('; '), {
    kind: 'addon',
    name,
    state: addon.status ?? null,
    version: addon.addonVersion ?? null,
    core,
    issues: issueDetails(issues),
  });
}

export function checkAddons(input: CheckInput): HealthCheckResult[] {
  const { addons } = input.observations.eks;
  if (!addons.ok) return [unknownBecause(ADDONS, addons.failure)];
  const names = addons.value.map(a => a.name);
  const missing = SPOKE_EKS_ADDONS.map(a => a.name).filter(
    n => !names.includes(n),
  );
  const results = addons.value.map(({ name, addon }) =>
    addon.ok
      ? addonVerdict(name, addon.value)
      : unknownBecause(addonSpec(name), addon.failure),
  );
  const missingCore = missing.filter(n => CORE_ADDONS.includes(n));
  results.unshift(
    missing.length
      ? verdict(
          ADDONS,
          'warning',
          `${plural(
            missing.length,
            'platform add-on',
          )} not installed as EKS add-on${
            missing.length === 1 ? '' : 's'
          }: ${missing.join(', ')}${
            missingCore.length
              ? ` (EKS cannot report the health of core ${missingCore.join(
                  ', ',
                )})`
              : ''
          }`,
          { installed: names, missing },
        )
      : verdict(ADDONS, 'ok', `${plural(names.length, 'add-on')} installed`, {
          installed: names,
          missing: [],
        }),
  );
  return results;
}
