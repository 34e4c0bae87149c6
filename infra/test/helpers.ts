import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import {
  buildApp,
  HUB_STACK_NAME,
  PlatformApp,
  spokeStackName,
} from '../lib/app';
import { InfraRegistry, InfraSpoke } from '../lib/registry';

/** The committed sample registry (`infra/config`). */
export const CONFIG_DIR = path.resolve(__dirname, '../config');

export function sampleRegistry(): InfraRegistry {
  return loadRegistry(CONFIG_DIR);
}

/** Ids a spoke gets after its first deploy, made up for tests. */
export function deployedIds(
  index: number,
): NonNullable<InfraSpoke['deployed']> {
  const hex = index.toString(16).padStart(2, '0');
  return {
    vpcId: `vpc-0000000000000${hex}0`,
    transitGatewayAttachmentId: `tgw-attach-00000000000${hex}0`,
  };
}

/** The sample registry after every spoke's first deploy (vpc and attachment ids filled). */
export function deployedRegistry(): InfraRegistry {
  const registry = sampleRegistry();
  return {
    hub: registry.hub,
    spokes: registry.spokes.map((spoke, i) => ({
      ...spoke,
      deployed: deployedIds(i + 1),
    })),
  };
}

/** The sample registry with the portal's Redis on and its database deletion protection off. */
export function portalVariantRegistry(): InfraRegistry {
  const r = sampleRegistry();
  const hosting = r.hub.portal.hosting;
  return {
    ...r,
    hub: {
      ...r.hub,
      portal: {
        ...r.hub.portal,
        hosting: {
          ...hosting,
          redis: { enabled: true, nodeType: 'cache.t4g.small' },
          database: { ...hosting.database, deletionProtection: false },
        },
      },
    },
  };
}

/** A synthesized app with its templates, synthesized once. */
export interface Synthesized {
  readonly built: PlatformApp;
  readonly hub: Template;
  spoke(name: string): Template;
}

/** Builds and synthesizes the app once; templates are read from the assembly. */
export function synth(registry: InfraRegistry): Synthesized {
  const built = buildApp(registry, { nag: false });
  const assembly = built.app.synth();
  const cache = new Map<string, Template>();
  const template = (stackName: string) => {
    let t = cache.get(stackName);
    if (!t) {
      t = Template.fromJSON(assembly.getStackByName(stackName).template);
      cache.set(stackName, t);
    }
    return t;
  };
  return {
    built,
    hub: template(HUB_STACK_NAME),
    spoke: name => template(spokeStackName(name)),
  };
}

/** The resources of one type in a template, by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): Record<string, { Properties?: any; DependsOn?: string[] }> {
  return template.findResources(type);
}
