import * as fs from 'fs';
import * as path from 'path';
import { spokeConfigSchema } from '@internal/plugin-platform-common';
import { parse } from 'yaml';
import {
  parseSpokeDeployedRecord,
  recordSpokeDeployed,
  SpokeDeployedRecord,
} from './spokeDeployed';

// The platform's own spoke file: what the pipeline rewrites.
const stagingYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../infra/config/spokes/staging.yaml'),
  'utf8',
);

const record: SpokeDeployedRecord = {
  spoke: 'staging',
  vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
  transitGatewayAttachmentId: 'tgw-attach-0bbbbbbbbbbbbbbb1',
};

describe("recording a wired spoke in its file's deployed block", () => {
  it('appends the block to a spoke never recorded, marking the handshake as its owner', () => {
    expect(parse(stagingYaml).deployed).toBeUndefined();
    const { text, changed } = recordSpokeDeployed(stagingYaml, record);
    expect(changed).toBe(true);
    expect(text.startsWith(stagingYaml)).toBe(true);
    expect(text.slice(stagingYaml.length)).toBe(
      [
        '# Recorded by the pipeline once the Transit Gateway handshake wired this spoke',
        '# (platform-pipeline spoke-deployed); never copied by hand.',
        'deployed:',
        '  vpcId: vpc-0aaaaaaaaaaaaaaa1',
        '  transitGatewayAttachmentId: tgw-attach-0bbbbbbbbbbbbbbb1',
        '  acceptedBy: handshake',
        '',
      ].join('\n'),
    );
    expect(spokeConfigSchema.parse(parse(text)).deployed).toEqual({
      vpcId: record.vpcId,
      transitGatewayAttachmentId: record.transitGatewayAttachmentId,
      acceptedBy: 'handshake',
    });
  });

  it('changes nothing the second time, and only the attachment line for a new attachment', () => {
    const first = recordSpokeDeployed(stagingYaml, record).text;
    expect(recordSpokeDeployed(first, record)).toEqual({
      text: first,
      changed: false,
    });
    const next = recordSpokeDeployed(first, {
      ...record,
      transitGatewayAttachmentId: 'tgw-attach-0ccccccccccccccc2',
    });
    const changedLines = next.text
      .split('\n')
      .filter((line, i) => line !== first.split('\n')[i]);
    expect(changedLines).toEqual([
      '  transitGatewayAttachmentId: tgw-attach-0ccccccccccccccc2',
    ]);
  });

  it('takes over a spoke the hub stack accepted before', () => {
    const legacy = `${stagingYaml}deployed:\n  vpcId: vpc-0aaaaaaaaaaaaaaa1\n  transitGatewayAttachmentId: tgw-attach-0bbbbbbbbbbbbbbb1\n`;
    const { text } = recordSpokeDeployed(legacy, record);
    expect(text).toBe(`${legacy}  acceptedBy: handshake\n`);
  });
});

describe('records read back from the handshake step', () => {
  it('accepts a well-formed record', () => {
    expect(parseSpokeDeployedRecord({ ...record }, 'qa.json')).toEqual(record);
  });

  it.each([
    [{ ...record, vpcId: 'subnet-1' }],
    [{ ...record, transitGatewayAttachmentId: undefined }],
    [null],
  ])('refuses %j naming the file', bad => {
    expect(() => parseSpokeDeployedRecord(bad, 'records/qa.json')).toThrow(
      'records/qa.json: not a spoke record (spoke, vpcId vpc-..., transitGatewayAttachmentId tgw-attach-...)',
    );
  });
});
