import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp, InfraRegistry } from '@internal/infra';

/** A CloudFormation template as synthesized. */
export type CfnTemplate = Record<string, any>;

/** One synthesized stack. */
export interface SynthesizedStack {
  readonly stackName: string;
  /** The account the stack deploys to. */
  readonly account?: string;
  readonly template: CfnTemplate;
}

/** Options for {@link synthesizePlatform}. */
export interface SynthesizeOptions {
  /**
   * Register cdk-nag, so synth fails on any unacknowledged finding. Off for diffs:
   * findings do not change templates and the platform repository's CI runs them.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * Only the per-service stacks (see `buildApp`'s `platformStacks`).
   * @default false
   */
  readonly servicesOnly?: boolean;
  /** Parent of the throw-away cloud assembly folder. @default os.tmpdir() */
  readonly workDir?: string;
}

/**
 * Synthesizes the whole platform in-process with the infra package's own
 * `buildApp`, so the diff is of exactly what `cdk synth` produces.
 *
 * aws-cdk-lib's synth-time CloudFormation validation costs 7 to 10 s and about
 * 300 MB per synth and decides nothing a diff needs, so it is turned off here
 * unless the process already chose (`CDK_VALIDATION`); CI runs it once.
 */
export function synthesizePlatform(
  registry: InfraRegistry,
  options: SynthesizeOptions = {},
): SynthesizedStack[] {
  process.env.CDK_VALIDATION ??= 'false';
  const outdir = fs.mkdtempSync(
    path.join(options.workDir ?? os.tmpdir(), 'platform-synth-'),
  );
  try {
    const { app } = buildApp(registry, {
      outdir,
      nag: options.nag ?? false,
      platformStacks: !options.servicesOnly,
    });
    const assembly = app.synth();
    return assembly.stacks.map(stack => ({
      stackName: stack.stackName,
      account: stack.environment.account,
      template: stack.template,
    }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
