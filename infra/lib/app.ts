import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InfraRegistry } from './registry';
import { CicdStack } from './stacks/cicd-stack';
import { HubStack } from './stacks/hub-stack';
import { SpokeStack } from './stacks/spoke-stack';

/** Options for {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * Where the cloud assembly is written.
   * @default - the CDK default (`CDK_OUTDIR` from the CLI, or a temporary directory)
   */
  readonly outdir?: string;
  /**
   * Register cdk-nag's AwsSolutions checks as a validation plugin, so synth fails on
   * any unacknowledged finding.
   * @default true
   */
  readonly nag?: boolean;
}

/** The synthesized-to-be app and its stacks. */
export interface PlatformApp {
  readonly app: App;
  readonly hub: HubStack;
  /** Spoke stacks by spoke name. */
  readonly spokes: Record<string, SpokeStack>;
  /** CI/CD access stacks by account name (`hub` or the spoke's), when the registry names the platform repository. */
  readonly cicd: Record<string, CicdStack>;
}

/** An account's CI/CD access stack (`hub`, or the spoke's name). */
export function cicdStackName(accountName: string): string {
  return `platform-cicd-${accountName}`;
}

/** The hub stack's name. */
export const HUB_STACK_NAME = 'platform-hub';

/** A spoke stack's name. */
export function spokeStackName(spokeName: string): string {
  return `platform-spoke-${spokeName}`;
}

/**
 * Builds the whole app from a loaded registry: the hub stack and one spoke stack per
 * spoke file, each with its part of every service in `registry.services`. Used by `bin/app.ts`, the tests and the benchmark, so all three synth
 * the same thing in-process.
 */
export function buildApp(
  registry: InfraRegistry,
  options: BuildAppOptions = {},
): PlatformApp {
  const app = new App({ outdir: options.outdir });
  const hub = new HubStack(app, HUB_STACK_NAME, {
    hub: registry.hub,
    spokes: registry.spokes,
    services: registry.services,
  });
  const spokes: Record<string, SpokeStack> = {};
  for (const spoke of registry.spokes) {
    spokes[spoke.name] = new SpokeStack(app, spokeStackName(spoke.name), {
      hub: registry.hub,
      spoke,
      services: registry.services,
    });
  }
  const cicd: Record<string, CicdStack> = {};
  const platformRepository = registry.hub.github.platformRepository;
  if (platformRepository) {
    const common = {
      hub: registry.hub,
      spokes: registry.spokes,
      repository: `${registry.hub.github.org}/${platformRepository}`,
      defaultBranch: registry.hub.github.defaultBranch,
    };
    cicd.hub = new CicdStack(app, cicdStackName('hub'), common);
    for (const spoke of registry.spokes) {
      cicd[spoke.name] = new CicdStack(app, cicdStackName(spoke.name), {
        ...common,
        spoke,
      });
    }
  }
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, hub, spokes, cicd };
}
