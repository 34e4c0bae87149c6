import * as fs from 'fs';
import * as path from 'path';

/** One CloudFormation stack of a cloud assembly (`cdk.out`). */
export interface AssemblyStack {
  /** The CloudFormation stack name, e.g. `platform-spoke-dev`. */
  readonly stackName: string;
  /** The account it deploys to. */
  readonly account: string;
  readonly region: string;
  /** Other stacks of the same assembly this one depends on (asset manifests left out). */
  readonly dependencies: readonly string[];
  /** The synthesized template. */
  readonly template: Record<string, any>;
  /** The CDK bootstrap roles CloudFormation deploys and looks up with. */
  readonly deployRoleArn?: string;
  readonly lookupRoleArn?: string;
  /** Where `cdk deploy` publishes the template; change sets read it from there. */
  readonly templateAsset?: {
    readonly bucketName: string;
    readonly objectKey: string;
    readonly publishRoleArn?: string;
  };
}

/** A cloud assembly, reduced to its stacks. */
export interface Assembly {
  readonly stacks: readonly AssemblyStack[];
}

interface ManifestArtifact {
  type: string;
  environment?: string;
  dependencies?: string[];
  displayName?: string;
  properties?: {
    templateFile?: string;
    stackName?: string;
    assumeRoleArn?: string;
    lookupRole?: { arn: string };
  };
}

const STACK = 'aws:cloudformation:stack';

/** `arn:${AWS::Partition}:...` as CDK writes it, for the partition given. */
function resolvePartition(arn: string | undefined, partition: string) {
  return arn?.replace('${AWS::Partition}', partition);
}

/**
 * Reads `manifest.json` of a cloud assembly folder. Fails naming the folder and
 * the artifact when the manifest is missing or a stack has no concrete environment
 * (the platform's stacks always name their account and region).
 */
export function readAssembly(
  dir: string,
  options: { partition?: string } = {},
): Assembly {
  const partition = options.partition ?? 'aws';
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(
      `${manifestPath} does not exist: synthesize the app into ${dir} first`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    artifacts?: Record<string, ManifestArtifact>;
  };
  const artifacts = manifest.artifacts ?? {};
  const stackIds = new Set(
    Object.entries(artifacts)
      .filter(([, a]) => a.type === STACK)
      .map(([id]) => id),
  );
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type !== STACK) continue;
    const env = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(
      artifact.environment ?? '',
    );
    if (!env) {
      throw new Error(
        `${manifestPath}: stack ${id} has environment '${artifact.environment}', expected aws://<account>/<region>`,
      );
    }
    const props = artifact.properties ?? {};
    const templateFile = props.templateFile ?? `${id}.template.json`;
    const template = JSON.parse(
      fs.readFileSync(path.join(dir, templateFile), 'utf8'),
    );
    stacks.push({
      stackName: props.stackName ?? id,
      account: env[1],
      region: env[2],
      dependencies: (artifact.dependencies ?? []).filter(d => stackIds.has(d)),
      template,
      deployRoleArn: resolvePartition(props.assumeRoleArn, partition),
      lookupRoleArn: resolvePartition(props.lookupRole?.arn, partition),
      templateAsset: readTemplateAsset(dir, id, templateFile, partition),
    });
  }
  return { stacks };
}

function readTemplateAsset(
  dir: string,
  id: string,
  templateFile: string,
  partition: string,
): AssemblyStack['templateAsset'] {
  const assetsPath = path.join(dir, `${id}.assets.json`);
  if (!fs.existsSync(assetsPath)) return undefined;
  const assets = JSON.parse(fs.readFileSync(assetsPath, 'utf8')) as {
    files?: Record<
      string,
      {
        source: { path: string };
        destinations: Record<
          string,
          { bucketName: string; objectKey: string; assumeRoleArn?: string }
        >;
      }
    >;
  };
  for (const file of Object.values(assets.files ?? {})) {
    if (file.source.path !== templateFile) continue;
    const destination = Object.values(file.destinations)[0];
    if (!destination) return undefined;
    return {
      bucketName: destination.bucketName,
      objectKey: destination.objectKey,
      publishRoleArn: resolvePartition(destination.assumeRoleArn, partition),
    };
  }
  return undefined;
}
