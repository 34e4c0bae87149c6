import type { Capability } from '@aws-sdk/client-eks';
import {
  HealthCheckResult,
  SPOKE_EKS_CAPABILITIES,
} from '@internal/plugin-platform-common';
import { CheckInput } from '../observations';
import { CheckSpec, classify, plural, unknownBecause, verdict } from './common';
import { describeIssues, issueDetails } from './issues';

/**
 * EKS Capabilities (the AWS-managed Argo CD, ACK, kro): one check per capability
 * the cluster has, with its status and health issues as DescribeCapability
 * reports them, and one that names the platform's capabilities (platform-common
 * `SPOKE_EKS_CAPABILITIES`) the cluster lacks.
 */

const CAPABILITIES: CheckSpec = {
  id: 'eks.capabilities',
  component: 'eks',
  title: 'Capabilities',
};

const capabilitySpec = (name: string): CheckSpec => ({
  id: `eks.capability:${name}`,
  component: 'eks',
  title: `Capability ${name}`,
});

const TYPE_TITLES: Record<string, string> = {
  ARGOCD: 'Argo CD',
  ACK: 'AWS Controllers for Kubernetes',
  KRO: 'kro',
};

function capabilityVerdict(
  name: string,
  capability: Capability,
): HealthCheckResult {
  const issues = capability.health?.issues ?? [];
  // A failed capability delivers nothing (for Argo CD: no deployment reaches the
  // cluster); a degraded one stalls, while what already runs keeps running.
  let status = classify(capability.status, {
    ok: ['ACTIVE'],
    warning: ['CREATING', 'UPDATING', 'DELETING', 'DEGRADED'],
    critical: ['CREATE_FAILED', 'DELETE_FAILED'],
  });
  const type = capability.type ? TYPE_TITLES[capability.type] : undefined;
  const parts = [
    `${type ? `${type} ` : ''}${capability.status ?? 'status unknown'}${
      capability.version ? ` ${capability.version}` : ''
    }`,
  ];
  if (issues.length > 0) {
    parts.push(describeIssues(issues));
    if (status === 'ok') status = 'warning';
  }
  return verdict(capabilitySpec(name), status, parts.join('; '), {
    kind: 'capability',
    name,
    type: capability.type ?? null,
    state: capability.status ?? null,
    version: capability.version ?? null,
    namespace: capability.configuration?.argoCd?.namespace ?? null,
    issues: issueDetails(issues),
  });
}

export function checkCapabilities(input: CheckInput): HealthCheckResult[] {
  const { capabilities } = input.observations.eks;
  if (!capabilities.ok) {
    return [unknownBecause(CAPABILITIES, capabilities.failure)];
  }
  const names = capabilities.value.map(c => c.name);
  const missing = SPOKE_EKS_CAPABILITIES.filter(c => !names.includes(c.name));
  const results = capabilities.value.map(({ name, capability }) =>
    capability.ok
      ? capabilityVerdict(name, capability.value)
      : unknownBecause(capabilitySpec(name), capability.failure),
  );
  results.unshift(
    missing.length
      ? verdict(
          CAPABILITIES,
          'warning',
          `Missing EKS ${
            missing.length === 1 ? 'capability' : 'capabilities'
          } ${missing
            .map(c => `${c.name} (${TYPE_TITLES[c.type] ?? c.type})`)
            .join(', ')}: ${missing
            .map(c => c.purpose)
            .join(', ')} is not available`,
          { installed: names, missing: missing.map(c => c.name) },
        )
      : verdict(
          CAPABILITIES,
          'ok',
          `${plural(names.length, 'capability', 'capabilities')} installed`,
          { installed: names, missing: [] },
        ),
  );
  return results;
}
