// The diff itself is shared with the pipeline; this module formats it for a pull
// request body.
import { StackDiff } from '@internal/plugin-platform-common/node';

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
  diffs: readonly StackDiff[],
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
