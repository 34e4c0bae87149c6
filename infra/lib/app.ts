import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InfraRegistry } from './registry';
import { CicdStack } from './stacks/cicd-stack';
import { HubStack } from './stacks/hub-stack';
import {
  needsServiceHubStack,
  ServiceHubStack,
  ServiceSpokeStack,
} from './stacks/service-stacks';
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
  /**
   * Build the hub and spoke stacks. Off: only the per-service stacks, which take
   * nothing from them (what a service pull request's diff needs, in a fraction of
   * the time).
   * @default true
   */
  readonly platformStacks?: boolean;
}

/** The synthesized-to-be app and its stacks. */
export interface PlatformApp {
  readonly app: App;
  /** Undefined when built with `platformStacks: false`. */
  readonly hub?: HubStack;
  /** Spoke stacks by spoke name. */
  readonly spokes: Record<string, SpokeStack>;
  /**
   * CI/CD access stacks by account name (`hub` or the spoke's), when the registry
   * names the platform repository. Empty when built with `platformStacks: false`.
   */
  readonly cicd: Record<string, CicdStack>;
  /** Per-service stacks by service name: the hub one and one per target spoke. */
  readonly services: Record<
    string,
    {
      /** Undefined when the service's image is already in the hub ECR. */
      hub?: ServiceHubStack;
      spokes: Record<string, ServiceSpokeStack>;
    }
  >;
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

/** A service's stack in the hub (`hub`) or in a spoke account (the spoke's name). */
export function serviceStackName(serviceName: string, account: string): string {
  return `platform-service-${serviceName}-${account}`;
}

/**
 * Builds the whole app from a loaded registry: the hub stack, one spoke stack per
 * spoke file, the CI/CD access stacks, and per service in `registry.services` one stack in the hub and one
 * in each spoke it runs on. Service stacks take nothing from the platform stacks
 * (registry values and the spokes' SSM parameters only), so adding or changing a
 * service leaves `platform-hub` and `platform-spoke-*` as they are. Used by
 * `bin/app.ts`, the tests and the benchmark, so all three synth the same thing
 * in-process.
 */
export function buildApp(
  registry: InfraRegistry,
  options: BuildAppOptions = {},
): PlatformApp {
  const app = new App({ outdir: options.outdir });
  const withPlatform = options.platformStacks ?? true;
  const hub = withPlatform
    ? new HubStack(app, HUB_STACK_NAME, {
        hub: registry.hub,
        spokes: registry.spokes,
      })
    : undefined;
  const spokes: Record<string, SpokeStack> = {};
  for (const spoke of withPlatform ? registry.spokes : []) {
    spokes[spoke.name] = new SpokeStack(app, spokeStackName(spoke.name), {
      hub: registry.hub,
      spoke,
      // Only for the owning teams' access entries to their namespaces.
      services: registry.services,
    });
  }
  const cicd: Record<string, CicdStack> = {};
  const platformRepository = registry.hub.github.platformRepository;
  if (withPlatform && platformRepository) {
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
  const services: PlatformApp['services'] = {};
  for (const service of registry.services ?? []) {
    // An external image the hub ECR already holds needs nothing in the hub.
    const serviceHub = needsServiceHubStack(service)
      ? new ServiceHubStack(app, serviceStackName(service.name, 'hub'), {
          hub: registry.hub,
          spokes: registry.spokes,
          service,
        })
      : undefined;
    const serviceSpokes: Record<string, ServiceSpokeStack> = {};
    for (const spoke of registry.spokes) {
      if (!service.environments.includes(spoke.name)) continue;
      serviceSpokes[spoke.name] = new ServiceSpokeStack(
        app,
        serviceStackName(service.name, spoke.name),
        { hub: registry.hub, spoke, service },
      );
    }
    services[service.name] = { hub: serviceHub, spokes: serviceSpokes };
  }
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, hub, spokes, cicd, services };
}
