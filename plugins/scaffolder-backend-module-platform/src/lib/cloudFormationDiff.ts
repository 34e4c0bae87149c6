import { Writable } from 'stream';
import {
  formatDifferences,
  fullDiff,
  ResourceImpact,
  TemplateDiff,
} from '@aws-cdk/cloudformation-diff';
import { SynthesizedStack } from './synthesize';

/** What changes in one stack between two synths. */
export interface StackDiff {
  readonly stackName: string;
  readonly account?: string;
  readonly status: 'new' | 'changed' | 'removed';
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
  /** Resources CloudFormation would replace, delete or orphan: what a reviewer must not miss. */
  readonly destructive: Array<{
    logicalId: string;
    type: string;
    impact: string;
  }>;
  /** Resource types added, with counts. */
  readonly addedTypes: Record<string, number>;
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
export function formatTemplateDiff(diff: TemplateDiff): string {
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
  stackName: string,
  account: string | undefined,
  status: StackDiff['status'],
  diff: TemplateDiff,
): StackDiff {
  let added = 0;
  let modified = 0;
  let removed = 0;
  const destructive: StackDiff['destructive'] = [];
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
    stackName,
    account,
    status,
    added,
    modified,
    removed,
    destructive,
    addedTypes,
    text: formatTemplateDiff(diff),
  };
}

/**
 * Diffs every stack of two synths of the platform (by stack name) and returns the
 * stacks that change, in the order of the later synth (hub first), removed ones last.
 */
export function diffSynths(
  before: SynthesizedStack[],
  after: SynthesizedStack[],
): StackDiff[] {
  const old = new Map(before.map(s => [s.stackName, s]));
  const next = new Set(after.map(s => s.stackName));
  const diffs: StackDiff[] = [];
  for (const stack of after) {
    const previous = old.get(stack.stackName);
    const diff = fullDiff(previous?.template ?? {}, stack.template);
    if (diff.isEmpty) continue;
    diffs.push(
      summarise(
        stack.stackName,
        stack.account,
        previous ? 'changed' : 'new',
        diff,
      ),
    );
  }
  for (const stack of before) {
    if (next.has(stack.stackName)) continue;
    diffs.push(
      summarise(
        stack.stackName,
        stack.account,
        'removed',
        fullDiff(stack.template, {}),
      ),
    );
  }
  return diffs;
}

/** Options for {@link diffMarkdown}. */
export interface DiffMarkdownOptions {
  /**
   * Upper bound for the whole section. A GitHub pull request body holds at most
   * 65,536 characters and the body carries the inputs and checks too.
   * @default 45000
   */
  readonly maxChars?: number;
}

function truncate(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const note = (n: number) =>
    `\n... ${n} more characters not shown; run \`cdk diff\` on the branch for the rest`;
  const room = Math.max(0, budget - note(text.length).length);
  // Cut at a line end so a table row is never half shown.
  const kept = text.slice(0, room).replace(/\n[^\n]*$/, '');
  return `${kept}${note(text.length - kept.length)}`;
}

/**
 * The diffs as Markdown for a pull request: a table of stacks, destructive changes
 * called out, then each stack's `cdk diff` text (new stacks folded away),
 * shortened to fit `maxChars`.
 */
export function diffMarkdown(
  diffs: StackDiff[],
  options: DiffMarkdownOptions = {},
): string {
  const maxChars = options.maxChars ?? 45000;
  if (diffs.length === 0) {
    return '### CloudFormation diff\n\nNo stack changes.';
  }
  const head: string[] = [
    '### CloudFormation diff',
    '',
    '| stack | account | status | added | modified | removed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...diffs.map(
      d =>
        `| \`${d.stackName}\` | ${d.account ?? ''} | ${d.status} | ${
          d.added
        } | ${d.modified} | ${d.removed} |`,
    ),
    '',
  ];
  const destructive = diffs.flatMap(d =>
    d.destructive.map(
      r => `- \`${d.stackName}\` ${r.type} \`${r.logicalId}\`: ${r.impact}`,
    ),
  );
  head.push(
    destructive.length > 0
      ? `**Replaces or deletes ${destructive.length} resource${
          destructive.length === 1 ? '' : 's'
        }:**\n\n${destructive.join('\n')}\n`
      : 'No resource is replaced or deleted.\n',
  );

  const sections = diffs.map(d => {
    const title = `#### \`${d.stackName}\` (${d.status})`;
    const types = Object.entries(d.addedTypes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, n]) => `${type} × ${n}`)
      .join(', ');
    const intro =
      d.status === 'new' ? `${d.added} new resources: ${types}.\n\n` : '';
    return { d, title, intro };
  });
  const frame = (d: StackDiff, body: string) =>
    d.status === 'new'
      ? `<details><summary>cdk diff of the new stack</summary>\n\n\`\`\`text\n${body}\n\`\`\`\n\n</details>`
      : `\`\`\`text\n${body}\n\`\`\``;

  const out = [...head];
  sections.forEach(({ d, title, intro }, i) => {
    const used = out.join('\n').length + 2;
    const fixed = `${title}\n\n${intro}${frame(d, '')}`.length;
    // Leave the stacks still to come room for at least their headings.
    const reserve = sections
      .slice(i + 1)
      .reduce((n, s) => n + s.title.length + s.intro.length + 200, 0);
    const budget = maxChars - used - fixed - reserve;
    out.push(`${title}\n\n${intro}${frame(d, truncate(d.text, budget))}`, '');
  });
  return out.join('\n').trimEnd();
}
