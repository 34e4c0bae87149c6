import {
  diffStackTemplates,
  StackDiff as CommonStackDiff,
} from '@internal/plugin-platform-common/node';
import { Assembly } from './assembly';

/**
 * What changes in one stack between the base and the head synth (the diff the
 * portal's templates compute too), with the account its stack deploys to.
 */
export type StackDiff = CommonStackDiff & { readonly account: string };

/**
 * The stacks whose templates differ between two synths, by stack name: changed
 * and new stacks in the head's order, then removed ones. Without a base every
 * stack is new.
 */
export function diffAssemblies(
  base: Assembly | undefined,
  head: Assembly,
): StackDiff[] {
  return diffStackTemplates(base?.stacks ?? [], head.stacks);
}

function truncate(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const note = `\n... ${
    text.length - budget
  } more characters; run \`cdk diff\` on the branch for the rest`;
  return `${text
    .slice(0, Math.max(0, budget - note.length))
    .replace(/\n[^\n]*$/, '')}${note}`;
}

/**
 * The diffs as Markdown: a table of stacks, destructive changes called out, then
 * each stack's diff text folded away, all within `maxChars` (a GitHub comment
 * holds at most 65,536 characters).
 */
export function diffMarkdown(
  diffs: readonly StackDiff[],
  maxChars = 40000,
): string {
  if (!diffs.length) return '### CloudFormation diff\n\nNo stack changes.';
  const out = [
    '### CloudFormation diff',
    '',
    '| stack | account | status | added | modified | removed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...diffs.map(
      d =>
        `| \`${d.stackName}\` | ${d.account} | ${d.status} | ${d.added} | ${d.modified} | ${d.removed} |`,
    ),
    '',
  ];
  const deleted = diffs
    .filter(d => d.status === 'removed')
    .map(
      d => `- \`${d.stackName}\` is deleted with all ${d.removed} resources`,
    );
  const destructive = diffs
    .filter(d => d.status !== 'removed')
    .flatMap(d =>
      d.destructive.map(
        r => `- \`${d.stackName}\` ${r.type} \`${r.logicalId}\`: ${r.impact}`,
      ),
    );
  if (deleted.length)
    out.push(`**Deletes whole stacks:**\n\n${deleted.join('\n')}\n`);
  out.push(
    destructive.length
      ? `**Replaces or deletes ${
          destructive.length
        } resource(s):**\n\n${destructive.join('\n')}\n`
      : 'No resource is replaced or deleted.\n',
  );
  const perStack = Math.floor(
    (maxChars - out.join('\n').length) / diffs.length - 200,
  );
  for (const d of diffs) {
    out.push(
      `<details><summary><code>${d.stackName}</code> (${
        d.status
      })</summary>\n\n\`\`\`text\n${truncate(
        d.text,
        Math.max(0, perStack),
      )}\n\`\`\`\n\n</details>\n`,
    );
  }
  return out.join('\n').trimEnd();
}
