/**
 * Runbook secrets (seed 000, "Add Secret to AWS Secrets Manager"): the naming convention,
 * the five mandatory tags and the shape each kind of value must have. Pure: the form, the
 * scaffolder action, the infra's IAM conditions and spoke health all read these rules.
 */

/** Tags every secret must carry, in the order seed 000's runbook lists them. */
export const MANDATORY_SECRET_TAGS = [
  'Project',
  'Service',
  'Environment',
  'Owner',
  'Tenant',
] as const;

export type MandatorySecretTag = (typeof MANDATORY_SECRET_TAGS)[number];

/** What a secret holds; each kind has its own value shape. */
export const SECRET_KINDS = [
  'slack-webhook',
  'oauth-client',
  'key-values',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** Tenants the form offers; any tag-safe value is accepted. */
export const SUGGESTED_SECRET_TENANTS = [
  'Slack',
  'Auth0',
  'GitHub',
  'Google',
  'Internal',
] as const;

/** A refusal: the field, the rule it breaks, and a message that never quotes a value. */
export interface SecretRequestIssue {
  field: string;
  rule: string;
  message: string;
}

/** The secret's name inside an environment: a DNS-label-like word. */
const SECRET_LABEL = /^[a-z][a-z0-9-]{0,62}$/;
/** Values Secrets Manager accepts in tags, minus characters that confuse the CLI. */
const TAG_VALUE = /^[A-Za-z0-9 _.:/=+@-]{1,256}$/;
const SLACK_WEBHOOK =
  /^https:\/\/hooks\.slack\.com\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/;
const OAUTH_CLIENT_ID = /^[A-Za-z0-9._~-]{1,256}$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * `<project>/<environment>/<service>/<name>`: one convention, so IAM can scope the
 * write role to `<project>/<environment>/*` and people find secrets by path.
 */
export function runbookSecretName(parts: {
  project: string;
  environment: string;
  service: string;
  name: string;
}): string {
  return `${parts.project}/${parts.environment}/${parts.service}/${parts.name}`;
}

/** The prefix the spoke's write role may create secrets under. */
export function runbookSecretPrefix(project: string, environment: string) {
  return `${project}/${environment}/`;
}

/** Checks the non-secret answers of the form. */
export function checkSecretRequest(input: {
  name: unknown;
  kind: unknown;
  tenant: unknown;
  description: unknown;
  environments: unknown;
}): SecretRequestIssue[] {
  const issues: SecretRequestIssue[] = [];
  if (typeof input.name !== 'string' || !SECRET_LABEL.test(input.name)) {
    issues.push({
      field: 'name',
      rule: 'secret-name',
      message:
        'must start with a lower-case letter and hold only lower-case letters, digits and -, at most 63 characters',
    });
  }
  if (!SECRET_KINDS.includes(input.kind as SecretKind)) {
    issues.push({
      field: 'kind',
      rule: 'known-kind',
      message: `must be one of ${SECRET_KINDS.join(', ')}`,
    });
  }
  if (typeof input.tenant !== 'string' || !TAG_VALUE.test(input.tenant)) {
    issues.push({
      field: 'tenant',
      rule: 'tag-value',
      message:
        'must be 1 to 256 letters, digits, spaces or _ . : / = + @ - (it becomes the Tenant tag)',
    });
  }
  if (
    typeof input.description !== 'string' ||
    input.description.trim().length < 3 ||
    input.description.length > 2048
  ) {
    issues.push({
      field: 'description',
      rule: 'description-length',
      message: 'must say what the secret is for, in 3 to 2048 characters',
    });
  }
  if (
    !Array.isArray(input.environments) ||
    input.environments.length === 0 ||
    input.environments.some(e => typeof e !== 'string' || !e)
  ) {
    issues.push({
      field: 'environments',
      rule: 'at-least-one',
      message: 'pick at least one spoke to create the secret in',
    });
  } else if (new Set(input.environments).size !== input.environments.length) {
    issues.push({
      field: 'environments',
      rule: 'unique',
      message: 'lists a spoke twice',
    });
  }
  return issues;
}

/** The values a person typed into the form's secret fields, by field name. */
export type SecretValues = Record<string, string | undefined>;

export type SecretValueResult =
  | { ok: true; secretString: string }
  | { ok: false; issues: SecretRequestIssue[] };

/**
 * Checks the value's shape for its kind and builds the SecretString: a Slack webhook URL;
 * `client_id:client_secret` for an OAuth client (as seed 000 stores it); a JSON object for
 * named key/values (`KEY=value` lines). Messages name the field, never the value.
 */
export function buildSecretString(
  kind: SecretKind,
  values: SecretValues,
): SecretValueResult {
  const fail = (
    field: string,
    rule: string,
    message: string,
  ): SecretValueResult => ({ ok: false, issues: [{ field, rule, message }] });
  switch (kind) {
    case 'slack-webhook': {
      const url = values.webhookUrl?.trim() ?? '';
      if (!SLACK_WEBHOOK.test(url)) {
        return fail(
          'webhookUrl',
          'slack-webhook-url',
          'must be a Slack incoming webhook URL: https://hooks.slack.com/services/T.../B.../...',
        );
      }
      return { ok: true, secretString: url };
    }
    case 'oauth-client': {
      const id = values.clientId?.trim() ?? '';
      const secret = values.clientSecret ?? '';
      const issues: SecretRequestIssue[] = [];
      if (!OAUTH_CLIENT_ID.test(id)) {
        issues.push({
          field: 'clientId',
          rule: 'oauth-client-id',
          message:
            'must be 1 to 256 letters, digits or . _ ~ - (no colon: the value is stored as client_id:client_secret)',
        });
      }
      if (secret.length < 8 || /\s/.test(secret)) {
        issues.push({
          field: 'clientSecret',
          rule: 'oauth-client-secret',
          message: 'must be at least 8 characters with no white space',
        });
      }
      return issues.length
        ? { ok: false, issues }
        : { ok: true, secretString: `${id}:${secret}` };
    }
    case 'key-values': {
      const text = values.keyValues ?? '';
      const entries: Record<string, string> = {};
      // One pair per line; a single-line field may separate pairs with "; ".
      const lines = (
        /\n/.test(text) ? text.split(/\r?\n/) : text.split(/;\s+/)
      ).filter(line => line.trim() !== '');
      if (lines.length === 0) {
        return fail(
          'keyValues',
          'key-values-present',
          'holds no KEY=value line',
        );
      }
      for (const [index, line] of lines.entries()) {
        const at = line.indexOf('=');
        const key = at > 0 ? line.slice(0, at).trim() : '';
        if (!ENV_KEY.test(key)) {
          return fail(
            'keyValues',
            'key-values-format',
            `line ${
              index + 1
            } must read KEY=value with KEY made of letters, digits and _`,
          );
        }
        if (key in entries) {
          return fail(
            'keyValues',
            'key-values-unique',
            `key ${key} appears twice`,
          );
        }
        entries[key] = line.slice(at + 1);
      }
      return { ok: true, secretString: JSON.stringify(entries) };
    }
    default:
      return fail(
        'kind',
        'known-kind',
        `must be one of ${SECRET_KINDS.join(', ')}`,
      );
  }
}

/** The mandatory tags a secret lacks (or carries empty). */
export function missingMandatoryTags(
  tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined,
): MandatorySecretTag[] {
  const present = new Set(
    (tags ?? []).filter(t => t.Value && t.Value.trim()).map(t => t.Key),
  );
  return MANDATORY_SECRET_TAGS.filter(tag => !present.has(tag));
}

/** One runbook secret as the portal shows it: metadata only, never a value. */
export interface ServiceSecret {
  name: string;
  arn: string;
  description?: string;
  tags: Array<{ key: string; value: string }>;
  /** ISO date-times. */
  createdAt?: string;
  lastChangedAt?: string;
  rotationEnabled: boolean;
  nextRotationAt?: string;
  kmsKeyId?: string;
  /** Mandatory tags this secret lacks. */
  missingTags: MandatorySecretTag[];
}

/** A service's secrets in one spoke, or why they could not be read. */
export interface ServiceSecretsInEnvironment {
  environment: string;
  account: string;
  region: string;
  status: 'ok' | 'unknown';
  /** Why the listing failed, when `status` is `unknown`. */
  reason?: string;
  secrets: ServiceSecret[];
}

/** `GET /api/platform/services/:name/secrets`. */
export interface ServiceSecretsResponse {
  service: string;
  environments: ServiceSecretsInEnvironment[];
}
