import type { HealthDetailValue } from '@internal/plugin-platform-common';

/** A health issue as EKS reports it on clusters, node groups, add-ons and capabilities. */
export interface EksIssue {
  code?: string;
  message?: string;
  resourceIds?: string[];
}

export function issueCodes(issues: EksIssue[] | undefined): string[] {
  return (issues ?? []).map(i => String(i.code ?? 'Unknown'));
}

/** `Code: message; Code2` for a summary line. */
export function describeIssues(issues: EksIssue[] | undefined): string {
  return (issues ?? [])
    .map(i => (i.message ? `${i.code}: ${i.message}` : String(i.code)))
    .join('; ');
}

/** The issues as check details: code, message and the resources named, for the page to list. */
export function issueDetails(
  issues: EksIssue[] | undefined,
): HealthDetailValue {
  return (issues ?? []).map(i => ({
    code: String(i.code ?? 'Unknown'),
    message: i.message ?? null,
    resourceIds: i.resourceIds ?? [],
  }));
}
