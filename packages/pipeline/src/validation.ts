import * as fs from 'fs';
import * as path from 'path';

/** One finding of a synth-time validation plugin (cdk-nag, CloudFormation validation). */
export interface ValidationFinding {
  /** The plugin, e.g. `AwsSolutions`. */
  readonly plugin: string;
  /** The rule, e.g. `AwsSolutions-SQS4`. */
  readonly rule: string;
  readonly description: string;
  /** The construct path, e.g. `platform-spoke-dev/Queue/Resource`. */
  readonly constructPath: string;
}

interface Report {
  pluginReports?: Array<{
    pluginName: string;
    conclusion?: string;
    violations?: Array<{
      ruleName: string;
      description: string;
      violatingConstructs?: Array<{ constructPath: string }>;
    }>;
  }>;
}

/**
 * The findings in a cloud assembly's `validation-report.json`, which aws-cdk-lib
 * writes when a validation plugin fails synth. None when there is no report.
 */
export function readValidationReport(assemblyDir: string): ValidationFinding[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  return (report.pluginReports ?? []).flatMap(p =>
    (p.violations ?? []).flatMap(v =>
      (v.violatingConstructs ?? []).map(c => ({
        plugin: p.pluginName,
        rule: v.ruleName,
        description: v.description,
        constructPath: c.constructPath,
      })),
    ),
  );
}

// aws-cdk-lib's console report of a failed validation:
//   ERROR <description> (<plugin>)
//      <construct path> <construct fqn>
//      Acknowledge with '<plugin>::<rule>'
const CONSOLE_FINDING =
  /^ERROR (.+) \(([^()]+)\)\n\s+(\S+)(?: \S+)?\n\s+Acknowledge with '[^:']+::([^']+)'/gm;

/** The findings in the console output of a synth that validation failed. */
export function parseValidationOutput(text: string): ValidationFinding[] {
  return [...text.matchAll(CONSOLE_FINDING)].map(m => ({
    plugin: m[2],
    description: m[1],
    constructPath: m[3],
    rule: m[4],
  }));
}

/** One line per finding: rule, construct path, description. */
export function formatFindings(findings: readonly ValidationFinding[]): string {
  return findings
    .map(f => `${f.rule} at ${f.constructPath}: ${f.description}`)
    .join('\n');
}

/** The findings as a Markdown section for the plan comment. */
export function findingsMarkdown(
  findings: readonly ValidationFinding[],
): string {
  if (!findings.length) {
    return '### Synth\n\nSynthesized with CloudFormation validation and cdk-nag: no findings.';
  }
  return [
    '### Synth failed',
    '',
    `${findings.length} validation finding(s); fix them or acknowledge each beside its construct with a reason:`,
    '',
    '| rule | construct | finding |',
    '| --- | --- | --- |',
    ...findings.map(
      f => `| \`${f.rule}\` | \`${f.constructPath}\` | ${f.description} |`,
    ),
  ].join('\n');
}
