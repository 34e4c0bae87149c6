import { createHash } from 'crypto';
import {
  buildSecretString,
  checkSecretRequest,
  parseSpokesAnnotation,
  Registry,
  runbookSecretName,
  SecretKind,
  SecretRequestIssue,
  SecretValues,
} from '@internal/plugin-platform-common';

/** The non-secret answers of the New secret form. */
export interface SecretRequest {
  name: string;
  kind: string;
  tenant: string;
  description: string;
  environments: string[];
}

/** The service the secret belongs to, as the catalog has it. */
export interface SecretService {
  /** Component name: the `Service` tag and the third name segment. */
  name: string;
  /** `spec.owner`, e.g. `group:default/payments-team`: the `Owner` tag is its name. */
  owner: string;
  /** The service's `platform.io/spokes` annotation, when it has one. */
  spokesAnnotation?: string;
}

/** One secret to create in one spoke. */
export interface SecretTarget {
  environment: string;
  account: string;
  region: string;
  name: string;
  tags: Array<{ Key: string; Value: string }>;
}

export type SecretPlan =
  | {
      ok: true;
      secretString: string;
      description: string;
      kmsKeyAlias: string;
      targets: SecretTarget[];
    }
  | { ok: false; issues: SecretRequestIssue[] };

/** `group:default/payments-team` → `payments-team`. */
export function ownerTagValue(owner: string): string {
  return owner.replace(/^[a-z]+:/i, '').replace(/^[^/]+\//, '');
}

/** The key alias the spoke stack gives its runbook secrets key (infra `RunbookSecretWriter`). */
export function runbookKeyAlias(project: string): string {
  return `alias/${project}-runbook-secrets`;
}

/**
 * Everything the action will do, decided before any AWS call: the checked answers, the
 * value in its stored shape, and per spoke the name and the five mandatory tags. Refuses
 * with every problem at once, naming the field and the rule, never the value.
 */
export function planRunbookSecret(options: {
  registry: Registry;
  service: SecretService;
  request: SecretRequest;
  values: SecretValues;
}): SecretPlan {
  const { registry, service, request } = options;
  const issues = checkSecretRequest(request);
  const spokes = new Map(registry.spokes.map(s => [s.name, s]));
  const serviceSpokes = service.spokesAnnotation
    ? parseSpokesAnnotation(service.spokesAnnotation)
    : undefined;
  for (const environment of Array.isArray(request.environments)
    ? request.environments
    : []) {
    if (!spokes.has(environment)) {
      issues.push({
        field: 'environments',
        rule: 'known-spoke',
        message: `${environment} is not a spoke of the platform registry`,
      });
    } else if (serviceSpokes && !serviceSpokes.includes(environment)) {
      issues.push({
        field: 'environments',
        rule: 'service-runs-there',
        message: `${
          service.name
        } does not run on ${environment} (it runs on ${serviceSpokes.join(
          ', ',
        )})`,
      });
    }
  }
  const value = issues.some(i => i.field === 'kind')
    ? undefined
    : buildSecretString(request.kind as SecretKind, options.values);
  if (value && !value.ok) issues.push(...value.issues);
  if (issues.length || !value || !value.ok) return { ok: false, issues };

  const project = registry.hub.project;
  const targets = request.environments.map(environment => {
    const spoke = spokes.get(environment)!;
    return {
      environment,
      account: spoke.account,
      region: spoke.region,
      name: runbookSecretName({
        project,
        environment,
        service: service.name,
        name: request.name,
      }),
      tags: [
        { Key: 'Project', Value: project },
        { Key: 'Service', Value: service.name },
        { Key: 'Environment', Value: environment },
        { Key: 'Owner', Value: ownerTagValue(service.owner) },
        { Key: 'Tenant', Value: request.tenant },
      ],
    };
  });
  return {
    ok: true,
    secretString: value.secretString,
    description: request.description.trim(),
    kmsKeyAlias: runbookKeyAlias(project),
    targets,
  };
}

/**
 * A ClientRequestToken that is the same every time this task's step creates this secret
 * in this account, so a retried step never makes a second secret (AWS ignores a repeat
 * with the same token and value).
 */
export function idempotencyToken(taskId: string, target: SecretTarget): string {
  const hex = createHash('sha256')
    .update(`${taskId}\n${target.account}\n${target.region}\n${target.name}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `environments [known-spoke] qa is not ...`, one refusal per line. */
export function formatSecretRefusal(issues: SecretRequestIssue[]): string {
  return `The New secret form has ${issues.length} problem${
    issues.length === 1 ? '' : 's'
  }; no secret was created:\n${issues
    .map(i => `  - ${i.field} [${i.rule}] ${i.message}`)
    .join('\n')}`;
}
