import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  fromTemporaryCredentials,
  fromWebToken,
} from '@aws-sdk/credential-providers';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { Octokit } from '@octokit/rest';
import { Assembly, readAssembly } from './assembly';
import { parseNameStatus, summarizeChanges } from './changes';
import {
  MAX_TEMPLATE_BODY_BYTES,
  previewMarkdown,
  previewStack,
  StackPreview,
} from './changeSets';
import { upsertPlanComment } from './comment';
import { diffAssemblies, diffMarkdown } from './diff';
import { detectDrift, DriftReport, driftMarkdown } from './drift';
import {
  describeDeployedChange,
  HUB_STACK_NAME,
  hubDeployedFromOutputs,
  readStackOutputs,
  recordHubDeployed,
} from './hubOutputs';
import { proposeFile } from './proposeFile';
import {
  parseSpokeDeployedRecord,
  recordSpokeDeployed,
  SpokeDeployedRecord,
} from './spokeDeployed';
import { applyHandshake, observeHandshake } from './handshake/ec2';
import {
  describeHandshake,
  HandshakeSpoke,
  planHandshake,
  wiredAttachment,
} from './handshake/plan';
import { DeployPlan, PHASES, phaseMatrix, planDeploy } from './plan';
import { deploySummary, gateStep, planMarkdown, StepResult } from './results';
import { platformAccounts, PlatformAccount } from './stacks';
import {
  findingsMarkdown,
  formatFindings,
  readValidationReport,
} from './validation';

/** Role names every account's CI/CD stack creates (`infra/lib/stacks/cicd-stack.ts`). */
export const CICD_ROLES = {
  deploy: 'platform-cicd-deploy',
  diff: 'platform-cicd-diff',
  handshake: 'platform-cicd-handshake',
  networkReader: 'platform-cicd-network-reader',
} as const;

const roleArn = (account: string, name: string, partition = 'aws') =>
  `arn:${partition}:iam::${account}:role/${name}`;

/** The job's GitHub OIDC token for AWS (needs `permissions: id-token: write`). */
async function githubOidcToken(): Promise<string | undefined> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !token) return undefined;
  const response = await fetch(`${url}&audience=sts.amazonaws.com`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw new Error(`GitHub OIDC token request failed: ${response.status}`);
  }
  return ((await response.json()) as { value: string }).value;
}

/**
 * Credentials for a role in one account: straight from the job's GitHub OIDC
 * token when running in GitHub Actions (each account trusts GitHub itself, no
 * role chaining), otherwise assumed from the ambient credentials.
 */
async function credentialsFor(account: string, role: string, caller: string) {
  const arn = roleArn(account, role);
  const webIdentityToken = await githubOidcToken();
  return webIdentityToken
    ? fromWebToken({
        roleArn: arn,
        webIdentityToken,
        roleSessionName: caller,
      })
    : fromTemporaryCredentials({
        params: { RoleArn: arn, RoleSessionName: caller },
      });
}

/** Appends `name=value` lines to $GITHUB_OUTPUT (multi-line safe), or prints them. */
function output(values: Record<string, string>) {
  const file = process.env.GITHUB_OUTPUT;
  const text = Object.entries(values)
    .map(([k, v]) => `${k}<<__EOF__\n${v}\n__EOF__\n`)
    .join('');
  if (file) fs.appendFileSync(file, text);
  else process.stdout.write(text);
}

function summary(markdown: string) {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) fs.appendFileSync(file, `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v) throw new Error(`--${name} is required`);
  return v;
}

function accountsOf(
  headRegistry: string,
  baseRegistry?: string,
): PlatformAccount[] {
  const accounts = platformAccounts(loadRegistry(headRegistry));
  if (baseRegistry && fs.existsSync(path.join(baseRegistry, 'hub.yaml'))) {
    for (const a of platformAccounts(loadRegistry(baseRegistry))) {
      if (!accounts.some(x => x.environment === a.environment))
        accounts.push(a);
    }
  }
  return accounts;
}

const optionalAssembly = (dir?: string): Assembly | undefined =>
  dir && fs.existsSync(path.join(dir, 'manifest.json'))
    ? readAssembly(dir)
    : undefined;

const readJson = <T>(file: string): T =>
  JSON.parse(fs.readFileSync(file, 'utf8'));

function readResults(dir: string): StepResult[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .map(f => readJson<StepResult>(path.join(dir, f)));
}

const resultFile = (dir: string, id: string) =>
  path.join(dir, `${id.replace(/[^A-Za-z0-9-]/g, '_')}.json`);

const spokeOf = (a: PlatformAccount): HandshakeSpoke => ({
  name: a.environment,
  account: a.account,
  environmentClass: a.environmentClass as HandshakeSpoke['environmentClass'],
  cidr: a.cidr!,
});

/**
 * Hands on registry files the pipeline recorded: as one pull request with
 * `--repository` (GITHUB_TOKEN; it also closes a proposal the base already
 * holds), rewritten in place with `--write`, otherwise only summarised.
 */
async function deliverRecord(
  values: {
    repository?: string;
    base?: string;
    branch?: string;
    write?: boolean;
  },
  record: {
    files: Array<{ local: string; path: string; text: string }>;
    title: string;
    body: string;
    lines: string[];
  },
): Promise<number> {
  if (values.repository) {
    const [owner, repo] = values.repository.split('/');
    if (!owner || !repo) throw new Error('--repository must be owner/name');
    const token = process.env.GITHUB_TOKEN;
    if (!token) {
      throw new Error('GITHUB_TOKEN is required to propose the change');
    }
    const outcome = await proposeFile(
      new Octokit({ auth: token, baseUrl: process.env.GITHUB_API_URL }),
      {
        owner,
        repo,
        base: need(values, 'base'),
        branch: need(values, 'branch'),
        files: record.files.map(f => ({ path: f.path, content: f.text })),
        title: record.title,
        body: record.body,
      },
    );
    if (outcome.kind !== 'unchanged') {
      summary(`Pull request ${outcome.kind}: ${outcome.url}`);
    }
    return 0;
  }
  if (values.write) {
    for (const f of record.files) fs.writeFileSync(f.local, f.text);
  }
  if (record.lines.length) {
    summary([`## ${record.title}`, '', ...record.lines].join('\n'));
  }
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  /** What the changed files need checked: outputs synth, charts, workflows. */
  async changes(args) {
    const { values } = parseArgs({
      args,
      options: { changed: { type: 'string' } },
    });
    const changes = summarizeChanges(
      parseNameStatus(fs.readFileSync(need(values, 'changed'), 'utf8')),
    );
    output({
      synth: String(changes.synth),
      charts: JSON.stringify(changes.charts),
      workflows: String(changes.workflows),
      'spokes-added': changes.spokes.added.join(' '),
      'spokes-removed': changes.spokes.removed.join(' '),
    });
    return 0;
  },

  /** Fails naming every validation finding (cdk-nag, CloudFormation) of a synth. */
  async findings(args) {
    const { values } = parseArgs({
      args,
      options: { assembly: { type: 'string' }, markdown: { type: 'string' } },
    });
    const findings = readValidationReport(need(values, 'assembly'));
    if (values.markdown)
      fs.writeFileSync(values.markdown, findingsMarkdown(findings));
    if (findings.length) {
      process.stderr.write(
        `Synth validation failed:\n${formatFindings(findings)}\n`,
      );
      return 1;
    }
    return 0;
  },

  /** The deploy plan and the diff, from the base and head synths. */
  async plan(args) {
    const { values } = parseArgs({
      args,
      options: {
        'head-assembly': { type: 'string' },
        'base-assembly': { type: 'string' },
        'head-registry': { type: 'string' },
        'base-registry': { type: 'string' },
        out: { type: 'string' },
        markdown: { type: 'string' },
      },
    });
    const head = readAssembly(need(values, 'head-assembly'));
    const base = optionalAssembly(values['base-assembly']);
    const diffs = diffAssemblies(base, head);
    const plan = planDeploy({
      base,
      head,
      diffs,
      accounts: accountsOf(
        need(values, 'head-registry'),
        values['base-registry'],
      ),
    });
    if (values.out) fs.writeFileSync(values.out, JSON.stringify(plan, null, 2));
    const markdown = `${planMarkdown(plan)}\n\n${diffMarkdown(diffs)}`;
    if (values.markdown) fs.writeFileSync(values.markdown, markdown);
    output({
      'has-steps': String(plan.steps.length > 0),
      'has-teardown': String(plan.teardown.length > 0),
      // Its outputs are then recorded in hub.yaml (job `hub-outputs`).
      'deploys-hub': String(
        plan.steps.some(
          s => s.action === 'deploy' && s.stackName === HUB_STACK_NAME,
        ),
      ),
      phases: JSON.stringify(
        PHASES.filter(p => plan.steps.some(step => step.phase === p)),
      ),
      ...Object.fromEntries(
        PHASES.map(p => [p, JSON.stringify(phaseMatrix(plan, p))]),
      ),
    });
    return 0;
  },

  /** Change sets of the planned deploys against what is deployed, through the diff roles. */
  async preview(args) {
    const { values } = parseArgs({
      args,
      options: {
        plan: { type: 'string' },
        'head-assembly': { type: 'string' },
        'change-set-name': { type: 'string' },
        markdown: { type: 'string' },
      },
    });
    const plan = readJson<DeployPlan>(need(values, 'plan'));
    const head = readAssembly(need(values, 'head-assembly'));
    const previews: StackPreview[] = [];
    for (const step of plan.steps.filter(s => s.action === 'deploy')) {
      const stack = head.stacks.find(s => s.stackName === step.stackName)!;
      const credentials = await credentialsFor(
        stack.account,
        CICD_ROLES.diff,
        'platform-pr-diff',
      );
      const body = JSON.stringify(stack.template);
      let templateUrl: string | undefined;
      try {
        if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY_BYTES) {
          // As `cdk deploy` does: the template goes to the bootstrap bucket first.
          const asset = stack.templateAsset;
          if (!asset)
            throw new Error(`${stack.stackName} has no template asset`);
          const s3 = new S3Client({
            region: stack.region,
            credentials: asset.publishRoleArn
              ? fromTemporaryCredentials({
                  masterCredentials: credentials,
                  params: {
                    RoleArn: asset.publishRoleArn,
                    RoleSessionName: 'platform-pr-diff',
                  },
                })
              : credentials,
          });
          await s3.send(
            new PutObjectCommand({
              Bucket: asset.bucketName,
              Key: asset.objectKey,
              Body: body,
              ContentType: 'application/json',
            }),
          );
          templateUrl = `https://${asset.bucketName}.s3.${stack.region}.amazonaws.com/${asset.objectKey}`;
        }
        previews.push(
          await previewStack(
            new CloudFormationClient({ region: stack.region, credentials }),
            {
              stackName: stack.stackName,
              changeSetName: need(values, 'change-set-name'),
              templateBody: templateUrl ? undefined : body,
              templateUrl,
              parameterNames: Object.keys(stack.template.Parameters ?? {}),
            },
          ),
        );
      } catch (e) {
        // One account's fault costs only its own preview.
        previews.push({
          stackName: stack.stackName,
          status: 'failed',
          changes: [],
          reason: `${(e as Error).name}: ${(e as Error).message}`,
        });
      }
    }
    const markdown = previewMarkdown(previews);
    if (values.markdown) fs.writeFileSync(values.markdown, markdown);
    process.stdout.write(`${markdown}\n`);
    return 0;
  },

  /** Creates or edits the pull request's plan comment (GITHUB_TOKEN). */
  async comment(args) {
    const { values } = parseArgs({
      args,
      options: {
        repository: { type: 'string' },
        pr: { type: 'string' },
        body: { type: 'string', multiple: true },
      },
    });
    const [owner, repo] = need(values, 'repository').split('/');
    const pullNumber = Number(need(values, 'pr'));
    if (!owner || !repo || !Number.isInteger(pullNumber)) {
      throw new Error('--repository must be owner/name and --pr a number');
    }
    const token = process.env.GITHUB_TOKEN;
    if (!token) throw new Error('GITHUB_TOKEN is required to comment');
    const markdown = (values.body ?? [])
      .filter(f => fs.existsSync(f))
      .map(f => fs.readFileSync(f, 'utf8').trim())
      .filter(Boolean)
      .join('\n\n');
    const result = await upsertPlanComment(
      new Octokit({ auth: token, baseUrl: process.env.GITHUB_API_URL }),
      { owner, repo, pullNumber },
      `## Platform plan\n\n${markdown}`,
    );
    process.stdout.write(`${result.action} ${result.url}\n`);
    return 0;
  },

  /** Whether a deploy step may run: outputs run=true|false; records a skip. */
  async gate(args) {
    const { values } = parseArgs({
      args,
      options: {
        plan: { type: 'string' },
        step: { type: 'string' },
        results: { type: 'string' },
      },
    });
    const results = need(values, 'results');
    const gate = gateStep(
      readJson<DeployPlan>(need(values, 'plan')),
      need(values, 'step'),
      readResults(results),
    );
    if (!gate.run) {
      fs.mkdirSync(results, { recursive: true });
      const result: StepResult = {
        id: need(values, 'step'),
        status: 'skipped',
        detail: gate.reason,
      };
      fs.writeFileSync(resultFile(results, result.id), JSON.stringify(result));
      process.stdout.write(`skipped: ${gate.reason}\n`);
    }
    output({ run: String(gate.run) });
    return 0;
  },

  /** Records how a step ended, for the steps after it and the summary. */
  async record(args) {
    const { values } = parseArgs({
      args,
      options: {
        step: { type: 'string' },
        status: { type: 'string' },
        detail: { type: 'string' },
        results: { type: 'string' },
      },
    });
    const status = need(values, 'status');
    if (!['succeeded', 'failed', 'skipped'].includes(status)) {
      throw new Error(
        `--status must be succeeded, failed or skipped, got ${status}`,
      );
    }
    const dir = need(values, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const result = { id: need(values, 'step'), status, detail: values.detail };
    fs.writeFileSync(resultFile(dir, result.id), JSON.stringify(result));
    return 0;
  },

  /** Writes the run summary; fails when a step failed or was stopped. */
  async summary(args) {
    const { values } = parseArgs({
      args,
      options: { plan: { type: 'string' }, results: { type: 'string' } },
    });
    const { markdown, ok } = deploySummary(
      readJson<DeployPlan>(need(values, 'plan')),
      readResults(need(values, 'results')),
    );
    summary(markdown);
    return ok ? 0 : 1;
  },

  /**
   * The hub side of the Transit Gateway handshake, with the hub's handshake role
   * (ambient credentials); spoke VPCs are read through each spoke's network reader
   * role. Fails when `--spoke` is not fully wired afterwards or an action failed.
   */
  async handshake(args) {
    const { values } = parseArgs({
      args,
      options: {
        registry: { type: 'string' },
        'base-registry': { type: 'string' },
        spoke: { type: 'string' },
        release: { type: 'string' },
        record: { type: 'string' },
      },
    });
    const registryDir = need(values, 'registry');
    const registry = loadRegistry(registryDir);
    const accounts = platformAccounts(registry);
    const spokes = accounts
      .filter(a => a.environmentClass !== 'hub')
      .map(spokeOf);
    const release = values.release
      ? accountsOf(registryDir, values['base-registry'])
          .filter(
            a =>
              a.environment === values.release && a.environmentClass !== 'hub',
          )
          .map(spokeOf)
      : [];
    if (values.release && !release.length) {
      throw new Error(
        `--release ${values.release}: no such spoke in the base registry`,
      );
    }
    const hub = new EC2Client({ region: registry.hub.region });
    const observe = () =>
      observeHandshake({
        hub,
        hubAccount: registry.hub.account,
        spokeEc2: account =>
          new EC2Client({
            region: registry.hub.region,
            credentials: fromTemporaryCredentials({
              params: {
                RoleArn: roleArn(account, CICD_ROLES.networkReader),
                RoleSessionName: 'platform-handshake',
              },
            }),
          }),
        spokes,
        release,
      });
    const plan = planHandshake(await observe());
    const applied = await applyHandshake(hub, plan);
    const lines = describeHandshake(plan);
    summary(
      [
        '## Transit Gateway handshake',
        '',
        ...(lines.length ? lines : ['Nothing to do.']).map(l => `- ${l}`),
      ].join('\n'),
    );
    const failed = applied.filter(a => a.outcome === 'failed');
    for (const f of failed) {
      process.stderr.write(
        `failed: ${f.action.kind} ${f.action.spoke}: ${f.error}\n`,
      );
    }
    // The spoke this step ran for must end up wired, whatever the plan said.
    const wired = values.spoke
      ? wiredAttachment(await observe(), values.spoke)
      : undefined;
    if (wired && 'gap' in wired) {
      process.stderr.write(`${values.spoke} is not wired: ${wired.gap}\n`);
    }
    if (values.spoke && values.record && wired && 'attachment' in wired) {
      // For the spoke file's deployed: block (command spoke-deployed).
      const record: SpokeDeployedRecord = {
        spoke: values.spoke,
        vpcId: wired.attachment.vpcId,
        transitGatewayAttachmentId: wired.attachment.attachmentId,
      };
      fs.mkdirSync(values.record, { recursive: true });
      fs.writeFileSync(
        path.join(values.record, `${values.spoke}.json`),
        JSON.stringify(record),
      );
    }
    return failed.length || (wired && 'gap' in wired) ? 1 : 0;
  },

  /**
   * Records the hub stack's outputs in `hub.yaml` `deployed:` (read through the
   * hub's diff role). With `--repository` the change is proposed as one pull
   * request from the pipeline's branch (GITHUB_TOKEN); with `--write` the file is
   * rewritten in place; otherwise the change is only printed. Outputs `changed`.
   */
  async 'hub-outputs'(args) {
    const { values } = parseArgs({
      args,
      options: {
        registry: { type: 'string' },
        repository: { type: 'string' },
        base: { type: 'string', default: 'main' },
        branch: { type: 'string', default: 'platform/hub-outputs' },
        path: { type: 'string', default: 'infra/config/hub.yaml' },
        write: { type: 'boolean', default: false },
      },
    });
    const file = path.join(need(values, 'registry'), 'hub.yaml');
    const hub = loadRegistry(need(values, 'registry')).hub;
    const outputs = await readStackOutputs(
      new CloudFormationClient({
        region: hub.region,
        credentials: await credentialsFor(
          hub.account,
          CICD_ROLES.diff,
          'platform-hub-outputs',
        ),
      }),
    );
    const deployed = hubDeployedFromOutputs(outputs, hub);
    const before = fs.readFileSync(file, 'utf8');
    const { text, changed } = recordHubDeployed(before, deployed);
    const changes = describeDeployedChange(hub.deployed, deployed);
    output({ changed: String(changed) });
    if (!changed) {
      summary(`hub.yaml already records the outputs of ${HUB_STACK_NAME}.`);
      if (!values.repository) return 0;
    }
    const title = `Record the outputs of ${HUB_STACK_NAME} in hub.yaml`;
    const body = [
      `${HUB_STACK_NAME} was deployed; this records its outputs in \`hub.yaml\` \`deployed:\`,`,
      'from which the spoke stacks take the Transit Gateway, route tables, zones and address',
      "pools (they cannot reference another account's stack). After the merge the pipeline",
      'deploys the spokes this changes and runs the Transit Gateway handshake.',
      '',
      ...changes.map(c => `- ${c}`),
    ].join('\n');
    return deliverRecord(values, {
      files: [{ local: file, path: need(values, 'path'), text }],
      title,
      body,
      lines: changes.map(c => `- ${c}`),
    });
  },

  /**
   * Records, in each spoke file's `deployed:` block, what the handshake steps
   * wrote for the spokes they wired (`handshake --record`). With `--repository`
   * the changed files are proposed as one pull request (GITHUB_TOKEN); with
   * `--write` they are rewritten in place. Outputs `changed`.
   */
  async 'spoke-deployed'(args) {
    const { values } = parseArgs({
      args,
      options: {
        registry: { type: 'string' },
        records: { type: 'string' },
        repository: { type: 'string' },
        base: { type: 'string', default: 'main' },
        branch: { type: 'string', default: 'platform/spoke-deployed' },
        'repository-registry': { type: 'string', default: 'infra/config' },
        write: { type: 'boolean', default: false },
      },
    });
    const registryDir = need(values, 'registry');
    const recordsDir = need(values, 'records');
    const records = fs.existsSync(recordsDir)
      ? fs
          .readdirSync(recordsDir)
          .filter(f => f.endsWith('.json'))
          .sort()
          .map(f =>
            parseSpokeDeployedRecord(
              readJson(path.join(recordsDir, f)),
              path.join(recordsDir, f),
            ),
          )
      : [];
    const changes = records.flatMap(record => {
      const file = path.join(registryDir, 'spokes', `${record.spoke}.yaml`);
      if (!fs.existsSync(file)) {
        throw new Error(`${record.spoke}: no spoke file ${file}`);
      }
      const { text, changed } = recordSpokeDeployed(
        fs.readFileSync(file, 'utf8'),
        record,
      );
      return changed ? [{ record, file, text }] : [];
    });
    output({ changed: String(changes.length > 0) });
    const lines = changes.map(
      c =>
        `- \`${c.record.spoke}\`: VPC \`${c.record.vpcId}\`, attachment \`${c.record.transitGatewayAttachmentId}\` (accepted by the handshake)`,
    );
    if (!changes.length) {
      summary('The spoke files already record every wired spoke.');
      if (!values.repository) return 0;
    }
    return deliverRecord(values, {
      files: changes.map(c => ({
        local: c.file,
        path: `${values['repository-registry']}/spokes/${c.record.spoke}.yaml`,
        text: c.text,
      })),
      title: 'Record the wired spokes in their registry files',
      body: [
        'The Transit Gateway handshake wired these spokes. This records their VPC and',
        'attachment in `deployed:`; after the merge the pipeline deploys the hub (private',
        'zone authorisations for the VPCs) and the spokes (routes to the hub, zone',
        'associations). The handshake keeps owning acceptance, association and routes.',
        '',
        ...lines,
      ].join('\n'),
      lines,
    });
  },

  /** Drift detection on every stack of the assembly through each account's diff role. */
  async drift(args) {
    const { values } = parseArgs({
      args,
      options: { assembly: { type: 'string' }, out: { type: 'string' } },
    });
    const assembly = readAssembly(need(values, 'assembly'));
    const stacks = await Promise.all(
      assembly.stacks.map(async stack =>
        detectDrift(
          new CloudFormationClient({
            region: stack.region,
            credentials: await credentialsFor(
              stack.account,
              CICD_ROLES.diff,
              'platform-drift',
            ),
          }),
          {
            stackName: stack.stackName,
            account: stack.account,
            region: stack.region,
          },
        ),
      ),
    );
    const report: DriftReport = {
      generatedAt: new Date().toISOString(),
      stacks,
    };
    fs.writeFileSync(need(values, 'out'), JSON.stringify(report, null, 2));
    summary(driftMarkdown(report));
    output({
      drifted: String(stacks.filter(s => s.status === 'DRIFTED').length),
      unknown: String(stacks.filter(s => s.status === 'UNKNOWN').length),
    });
    return 0;
  },
};

/** Runs one command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands[name];
  if (!command) {
    process.stderr.write(
      `usage: platform-pipeline <${Object.keys(commands).join(
        '|',
      )}> [options]\n`,
    );
    return 2;
  }
  return command(args);
}
