import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeChangeSetCommandOutput,
  DescribeStacksCommand,
  Stack,
} from '@aws-sdk/client-cloudformation';

/** CloudFormation's limit for an inline template; larger ones go through S3. */
export const MAX_TEMPLATE_BODY_BYTES = 51200;

/** One resource change CloudFormation would make. */
export interface ResourceChange {
  readonly action: string;
  readonly logicalId: string;
  readonly type: string;
  /** `True`, `False` or `Conditional` for modifications. */
  readonly replacement?: string;
}

/** What deploying a template would do to the stack deployed now. */
export interface StackPreview {
  readonly stackName: string;
  /** `not-deployed`: no stack yet, the whole template is new (no change set made). */
  readonly status: 'changes' | 'no-changes' | 'not-deployed' | 'failed';
  readonly changes: readonly ResourceChange[];
  /** Why the change set failed, in CloudFormation's words. */
  readonly reason?: string;
}

/** Options for {@link previewStack}. */
export interface PreviewOptions {
  readonly stackName: string;
  /** The template inline (at most {@link MAX_TEMPLATE_BODY_BYTES}) ... */
  readonly templateBody?: string;
  /** ... or where it was uploaded. */
  readonly templateUrl?: string;
  /** A name unique to this run, e.g. `platform-pr-42-1a2b3c4`. */
  readonly changeSetName: string;
  /** Parameters of the new template, so deployed values are kept. */
  readonly parameterNames?: readonly string[];
  /** Waits between polls; injected so tests need no timers. @default 2 s */
  readonly delay?: (attempt: number) => Promise<void>;
  /** @default 150 (5 minutes at 2 s) */
  readonly maxPolls?: number;
}

const isMissingStack = (e: unknown) =>
  (e as Error)?.name === 'ValidationError' &&
  /does not exist/.test((e as Error).message);

const NO_CHANGES =
  /didn't contain changes|No updates are to be performed|The submitted information didn't contain changes/;

async function deployedStack(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    const stack = Stacks?.[0];
    // A stack left in REVIEW_IN_PROGRESS was never deployed.
    return stack && stack.StackStatus !== 'REVIEW_IN_PROGRESS'
      ? stack
      : undefined;
  } catch (e) {
    if (isMissingStack(e)) return undefined;
    throw e;
  }
}

/**
 * Previews a deploy against what is deployed: creates a change set on the
 * existing stack, waits for it, reads every change, and deletes it again (also
 * when anything fails). Needs only `cloudformation:DescribeStacks`,
 * `CreateChangeSet`, `DescribeChangeSet` and `DeleteChangeSet` (the read-only
 * diff role); a stack that does not exist yet gets no change set at all, so
 * nothing is left behind in `REVIEW_IN_PROGRESS`.
 */
export async function previewStack(
  cfn: CloudFormationClient,
  options: PreviewOptions,
): Promise<StackPreview> {
  const { stackName, changeSetName } = options;
  if (!options.templateBody === !options.templateUrl) {
    throw new Error(
      `previewStack(${stackName}): give exactly one of templateBody and templateUrl`,
    );
  }
  if (
    options.templateBody &&
    Buffer.byteLength(options.templateBody) > MAX_TEMPLATE_BODY_BYTES
  ) {
    throw new Error(
      `previewStack(${stackName}): templateBody is ${Buffer.byteLength(
        options.templateBody,
      )} bytes, over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}; upload it and pass templateUrl`,
    );
  }
  const stack = await deployedStack(cfn, stackName);
  if (!stack) return { stackName, status: 'not-deployed', changes: [] };

  const deployedParameters = new Set(
    (stack.Parameters ?? []).map(p => p.ParameterKey),
  );
  const delay =
    options.delay ?? (() => new Promise<void>(r => setTimeout(r, 2000)));
  await cfn.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: 'UPDATE',
      TemplateBody: options.templateBody,
      TemplateURL: options.templateUrl,
      Capabilities: [
        'CAPABILITY_IAM',
        'CAPABILITY_NAMED_IAM',
        'CAPABILITY_AUTO_EXPAND',
      ],
      Parameters: (options.parameterNames ?? [])
        .filter(name => deployedParameters.has(name))
        .map(name => ({ ParameterKey: name, UsePreviousValue: true })),
      Description: 'Preview only: created and deleted by the platform pipeline',
    }),
  );
  try {
    let described: DescribeChangeSetCommandOutput | undefined;
    for (let attempt = 0; ; attempt++) {
      described = await cfn.send(
        new DescribeChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
        }),
      );
      const status = described.Status ?? '';
      if (status === 'CREATE_COMPLETE' || status === 'FAILED') break;
      if (attempt + 1 >= (options.maxPolls ?? 150)) {
        return {
          stackName,
          status: 'failed',
          changes: [],
          reason: `change set still ${status} after ${attempt + 1} polls`,
        };
      }
      await delay(attempt);
    }
    if (described.Status === 'FAILED') {
      const reason = described.StatusReason ?? 'no reason given';
      return NO_CHANGES.test(reason)
        ? { stackName, status: 'no-changes', changes: [] }
        : { stackName, status: 'failed', changes: [], reason };
    }
    const changes: ResourceChange[] = [];
    let page: DescribeChangeSetCommandOutput = described;
    for (;;) {
      for (const c of page.Changes ?? []) {
        const r = c.ResourceChange;
        if (!r) continue;
        changes.push({
          action: r.Action ?? 'Unknown',
          logicalId: r.LogicalResourceId ?? '',
          type: r.ResourceType ?? '',
          replacement: r.Replacement,
        });
      }
      if (!page.NextToken) break;
      page = await cfn.send(
        new DescribeChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
          NextToken: page.NextToken,
        }),
      );
    }
    return {
      stackName,
      status: changes.length ? 'changes' : 'no-changes',
      changes,
    };
  } finally {
    await cfn.send(
      new DeleteChangeSetCommand({
        StackName: stackName,
        ChangeSetName: changeSetName,
      }),
    );
  }
}

/** The previews as Markdown for the plan comment. */
export function previewMarkdown(previews: readonly StackPreview[]): string {
  if (!previews.length) return '';
  const lines = [
    '### Against what is deployed (change sets)',
    '',
    '| stack | result | add | modify | remove | replace |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of previews) {
    const count = (a: string) => p.changes.filter(c => c.action === a).length;
    const replace = p.changes.filter(c => c.replacement === 'True').length;
    const result = {
      changes: 'changes',
      'no-changes': 'no changes',
      'not-deployed': 'not deployed yet: every resource is new',
      failed: `failed: ${p.reason ?? ''}`,
    }[p.status];
    lines.push(
      `| \`${p.stackName}\` | ${result} | ${count('Add')} | ${count(
        'Modify',
      )} | ${count('Remove')} | ${replace} |`,
    );
  }
  return lines.join('\n');
}
