import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';

/** One drifted resource. */
export interface ResourceDrift {
  readonly logicalId: string;
  readonly type: string;
  /** `MODIFIED` or `DELETED`. */
  readonly status: string;
  /** The property paths that differ, e.g. `/Properties/Tags`. */
  readonly properties: readonly string[];
}

/** The drift of one stack, or why it could not be detected. */
export interface StackDrift {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** `IN_SYNC`, `DRIFTED`, or `UNKNOWN` when detection failed. */
  readonly status: 'IN_SYNC' | 'DRIFTED' | 'UNKNOWN';
  readonly driftedResources: readonly ResourceDrift[];
  readonly error?: string;
  readonly detectedAt: string;
}

/** The published drift report (what the portal reads). */
export interface DriftReport {
  readonly generatedAt: string;
  readonly stacks: readonly StackDrift[];
}

/** Options for {@link detectDrift}. */
export interface DetectDriftOptions {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** Waits between status polls; injected so tests need no timers. @default 5 s */
  readonly delay?: (attempt: number) => Promise<void>;
  /** @default 120 (10 minutes at 5 s) */
  readonly maxPolls?: number;
  readonly now?: () => Date;
}

/**
 * Detects one stack's drift: DetectStackDrift, then DescribeStackDriftDetectionStatus
 * until it finishes, then every page of DescribeStackResourceDrifts for the
 * resources that are MODIFIED or DELETED. A failure is reported as `UNKNOWN` with
 * the reason, never thrown, so one account's fault leaves the others' reports whole.
 */
export async function detectDrift(
  cfn: CloudFormationClient,
  options: DetectDriftOptions,
): Promise<StackDrift> {
  const { stackName, account, region } = options;
  const now = options.now ?? (() => new Date());
  const delay =
    options.delay ?? (() => new Promise<void>(r => setTimeout(r, 5000)));
  const result = (
    status: StackDrift['status'],
    driftedResources: ResourceDrift[] = [],
    error?: string,
  ): StackDrift => ({
    stackName,
    account,
    region,
    status,
    driftedResources,
    error,
    detectedAt: now().toISOString(),
  });
  try {
    const { StackDriftDetectionId } = await cfn.send(
      new DetectStackDriftCommand({ StackName: stackName }),
    );
    for (let attempt = 0; ; attempt++) {
      const status = await cfn.send(
        new DescribeStackDriftDetectionStatusCommand({
          StackDriftDetectionId,
        }),
      );
      if (status.DetectionStatus === 'DETECTION_FAILED') {
        // Partial results (some resources could not be checked) still say something.
        if (status.StackDriftStatus !== 'DRIFTED') {
          return result(
            'UNKNOWN',
            [],
            status.DetectionStatusReason ?? 'drift detection failed',
          );
        }
        break;
      }
      if (status.DetectionStatus === 'DETECTION_COMPLETE') {
        if (status.StackDriftStatus === 'IN_SYNC') return result('IN_SYNC');
        break;
      }
      if (attempt + 1 >= (options.maxPolls ?? 120)) {
        return result(
          'UNKNOWN',
          [],
          `drift detection still running after ${attempt + 1} polls`,
        );
      }
      await delay(attempt);
    }
    const drifted: ResourceDrift[] = [];
    let token: string | undefined;
    do {
      const page = await cfn.send(
        new DescribeStackResourceDriftsCommand({
          StackName: stackName,
          StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
          NextToken: token,
        }),
      );
      for (const d of page.StackResourceDrifts ?? []) {
        drifted.push({
          logicalId: d.LogicalResourceId ?? '',
          type: d.ResourceType ?? '',
          status: d.StackResourceDriftStatus ?? '',
          properties: (d.PropertyDifferences ?? []).map(
            p => p.PropertyPath ?? '',
          ),
        });
      }
      token = page.NextToken;
    } while (token);
    return result('DRIFTED', drifted);
  } catch (e) {
    return result(
      'UNKNOWN',
      [],
      `${(e as Error).name}: ${(e as Error).message}`,
    );
  }
}

/** The report as Markdown for the run summary. */
export function driftMarkdown(report: DriftReport): string {
  const lines = [
    '## Drift of the platform stacks',
    '',
    `Detected ${report.generatedAt}.`,
    '',
    '| stack | account | status | drifted resources |',
    '| --- | --- | --- | --- |',
  ];
  for (const s of report.stacks) {
    const detail =
      s.status === 'UNKNOWN'
        ? s.error ?? ''
        : s.driftedResources
            .map(r => `\`${r.logicalId}\` ${r.status.toLowerCase()}`)
            .join(', ');
    lines.push(
      `| \`${s.stackName}\` | ${s.account} | ${s.status} | ${detail} |`,
    );
  }
  return lines.join('\n');
}
