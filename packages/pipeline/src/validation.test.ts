import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  findingsMarkdown,
  formatFindings,
  parseValidationOutput,
  readValidationReport,
} from './validation';

const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);

describe('synth validation findings', () => {
  const expected = [
    {
      plugin: 'AwsSolutions',
      rule: 'AwsSolutions-SQS3',
      constructPath: 'platform-spoke-dev/UnencryptedQueue/Resource',
      description:
        'The SQS queue is not used as a dead-letter queue (DLQ) and does not have a DLQ enabled.',
    },
    {
      plugin: 'AwsSolutions',
      rule: 'AwsSolutions-SQS4',
      constructPath: 'platform-spoke-dev/UnencryptedQueue/Resource',
      description: 'The SQS queue does not require requests to use SSL.',
    },
  ];

  it("reads cdk-nag's findings from the assembly's validation report", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    fs.copyFileSync(
      fixture('nag-validation-report.json'),
      path.join(dir, 'validation-report.json'),
    );
    expect(readValidationReport(dir)).toEqual(expected);
  });

  it('reads the same findings from the console output of a failed synth', () => {
    const text = fs.readFileSync(fixture('nag-synth-output.txt'), 'utf8');
    expect(parseValidationOutput(text)).toEqual(expected);
  });

  it('finds nothing in a clean synth', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    expect(readValidationReport(dir)).toEqual([]);
    expect(parseValidationOutput('Synthesized 4 stacks')).toEqual([]);
  });

  it('names each finding with its rule and construct', () => {
    expect(formatFindings(expected)).toBe(
      'AwsSolutions-SQS3 at platform-spoke-dev/UnencryptedQueue/Resource: The SQS queue is not used as a dead-letter queue (DLQ) and does not have a DLQ enabled.\n' +
        'AwsSolutions-SQS4 at platform-spoke-dev/UnencryptedQueue/Resource: The SQS queue does not require requests to use SSL.',
    );
    const md = findingsMarkdown(expected);
    expect(md).toContain('### Synth failed');
    expect(md).toContain(
      '| `AwsSolutions-SQS4` | `platform-spoke-dev/UnencryptedQueue/Resource` | The SQS queue does not require requests to use SSL. |',
    );
  });
});
