/**
 * The CloudFormation diff of two synths of the platform, stack by stack. Node only
 * (exported from `@internal/plugin-platform-common/node`): the portal's New
 * environment and New service diffs and the pipeline's plan comment all count and
 * call out changes the same way, and each formats them for its own page.
 */
import { Writable } from 'stream';
import {
  formatDifferences,
  fullDiff,
  ResourceImpact,
  TemplateDiff,
} from '@aws-cdk/cloudformation-diff';

/** One synthesized stack: its name, the account it deploys to, its template. */
export interface StackTemplate {
  readonly stackName: string;
  readonly account?: string;
  readonly template: Record<string, any>;
}

/** What changes in one stack between two synths. */
export interface StackDiff {
  readonly stackName: string;
  readonly account?: string;
  readonly status: 'new' | 'changed' | 'removed';
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
  /** Resources CloudFormation would replace, delete or orphan: what a reviewer must not miss. */
  readonly destructive: ReadonlyArray<{
    logicalId: string;
    type: string;
    impact: string;
  }>;
  /** Resource types added, with counts. */
  readonly addedTypes: Readonly<Record<string, number>>;
  /** `cdk diff`-style text (IAM and security group tables, resources), no colour. */
  readonly text: string;
}

const DESTRUCTIVE = new Set<string>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
]);

// SGR colour codes that formatDifferences writes for terminals (ESC [ ... m).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Runs `formatDifferences` into a string, without colour. */
function formatTemplateDiff(diff: TemplateDiff): string {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  formatDifferences(sink, diff);
  return text.replace(ANSI, '').trimEnd();
}

function summarise(
  stack: StackTemplate,
  status: StackDiff['status'],
  diff: TemplateDiff,
): StackDiff {
  let added = 0;
  let modified = 0;
  let removed = 0;
  const destructive: Array<StackDiff['destructive'][number]> = [];
  const addedTypes: Record<string, number> = {};
  for (const [logicalId, change] of Object.entries(diff.resources.changes)) {
    const type = change.resourceType ?? 'unknown';
    if (change.isAddition) {
      added++;
      addedTypes[type] = (addedTypes[type] ?? 0) + 1;
    } else if (change.isRemoval) {
      removed++;
    } else {
      modified++;
    }
    if (DESTRUCTIVE.has(change.changeImpact)) {
      destructive.push({ logicalId, type, impact: change.changeImpact });
    }
  }
  return {
    stackName: stack.stackName,
    account: stack.account,
    status,
    added,
    modified,
    removed,
    destructive,
    addedTypes,
    text: formatTemplateDiff(diff),
  };
}

/** A {@link StackTemplate} that names its account, and so does its diff. */
type WithAccount<T> = T & { readonly account: string };

/**
 * The stacks whose templates differ between two synths, matched by stack name:
 * changed and new stacks in the later synth's order, then removed ones. Unchanged
 * stacks are left out. Each diff keeps its stack's `account`.
 */
export function diffStackTemplates(
  before: ReadonlyArray<WithAccount<StackTemplate>>,
  after: ReadonlyArray<WithAccount<StackTemplate>>,
): Array<WithAccount<StackDiff>>;
export function diffStackTemplates(
  before: readonly StackTemplate[],
  after: readonly StackTemplate[],
): StackDiff[];
export function diffStackTemplates(
  before: readonly StackTemplate[],
  after: readonly StackTemplate[],
): StackDiff[] {
  const old = new Map(before.map(s => [s.stackName, s]));
  const next = new Set(after.map(s => s.stackName));
  const diffs: StackDiff[] = [];
  for (const stack of after) {
    const previous = old.get(stack.stackName);
    const diff = fullDiff(previous?.template ?? {}, stack.template);
    if (diff.isEmpty) continue;
    diffs.push(summarise(stack, previous ? 'changed' : 'new', diff));
  }
  for (const stack of before) {
    if (next.has(stack.stackName)) continue;
    diffs.push(summarise(stack, 'removed', fullDiff(stack.template, {})));
  }
  return diffs;
}
