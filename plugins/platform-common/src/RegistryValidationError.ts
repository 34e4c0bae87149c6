/** One problem in the registry. */
export interface RegistryIssue {
  /** Path relative to the config dir, e.g. `spokes/dev.yaml`. */
  file: string;
  /** Dot path of the field, e.g. `network.cidr`; empty for the whole file. */
  field: string;
  /** Short rule id, e.g. `cidr-overlap`, `unique-account`, `invalid_type`. */
  rule: string;
  message: string;
}

/** Formats one issue as `file: field [rule] message`. */
export function formatRegistryIssue(issue: RegistryIssue): string {
  return `${issue.file}: ${issue.field || '(file)'} [${issue.rule}] ${
    issue.message
  }`;
}

/** Thrown when the registry does not load; `issues` holds every problem found. */
export class RegistryValidationError extends Error {
  readonly issues: RegistryIssue[];

  constructor(issues: RegistryIssue[]) {
    super(
      `Platform registry is invalid (${issues.length} issue${
        issues.length === 1 ? '' : 's'
      }):\n${issues.map(i => `  - ${formatRegistryIssue(i)}`).join('\n')}`,
    );
    this.name = 'RegistryValidationError';
    this.issues = issues;
  }
}
