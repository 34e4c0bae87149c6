import { Assembly, AssemblyStack } from '../assembly';
import { diffAssemblies } from '../diff';
import { platformAccounts, PipelineRegistry } from '../stacks';

/** The sample estate: hub, dev and staging (non-prod), prod. */
export const registry: PipelineRegistry = {
  hub: {
    account: '111122223333',
    region: 'ap-southeast-3',
    network: { cidr: '10.0.0.0/16' },
  },
  spokes: [
    {
      name: 'dev',
      account: '222233334444',
      region: 'ap-southeast-3',
      environmentClass: 'non-prod',
      network: { cidr: '10.1.0.0/16' },
    },
    {
      name: 'staging',
      account: '333344445555',
      region: 'ap-southeast-3',
      environmentClass: 'non-prod',
      network: { cidr: '10.2.0.0/16' },
    },
    {
      name: 'prod',
      account: '444455556666',
      region: 'ap-southeast-3',
      environmentClass: 'prod',
      network: { cidr: '10.3.0.0/16' },
    },
  ],
};

/** The registry with one more spoke. */
export function withSpoke(
  name: string,
  account: string,
  environmentClass: 'non-prod' | 'prod',
  cidr: string,
): PipelineRegistry {
  return {
    ...registry,
    spokes: [
      ...registry.spokes,
      {
        name,
        account,
        region: 'ap-southeast-3',
        environmentClass,
        network: { cidr },
      },
    ],
  };
}

/** The registry without one spoke. */
export function withoutSpoke(name: string): PipelineRegistry {
  return { ...registry, spokes: registry.spokes.filter(s => s.name !== name) };
}

/** A template with one queue per name: enough for cloudformation-diff to compare. */
export function template(...resources: string[]): Record<string, any> {
  return {
    Resources: Object.fromEntries(
      resources.map(r => [
        r,
        { Type: 'AWS::SQS::Queue', Properties: { QueueName: r } },
      ]),
    ),
  };
}

/**
 * The stacks the infra app synthesizes for a registry: the hub (one resource per
 * spoke it shares with), one stack per spoke, and the services given.
 */
export function assemblyOf(
  reg: PipelineRegistry,
  options: {
    services?: Array<{ name: string; spokes: string[]; version?: string }>;
    hubExtra?: string;
  } = {},
): Assembly {
  const stacks: AssemblyStack[] = [
    {
      stackName: 'platform-hub',
      account: reg.hub.account,
      region: reg.hub.region,
      dependencies: [],
      template: template(
        'Gateway',
        ...reg.spokes.map(s => `Share${s.name}`),
        ...(options.hubExtra ? [options.hubExtra] : []),
      ),
    },
    ...reg.spokes.map(s => ({
      stackName: `platform-spoke-${s.name}`,
      account: s.account,
      region: s.region,
      dependencies: [],
      template: template(
        'Vpc',
        'Cluster',
        `Cidr${s.network.cidr.split('.')[1]}`,
      ),
    })),
  ];
  for (const service of options.services ?? []) {
    stacks.push({
      stackName: `platform-service-${service.name}-hub`,
      account: reg.hub.account,
      region: reg.hub.region,
      dependencies: [],
      template: template('Repository'),
    });
    for (const spokeName of service.spokes) {
      const s = reg.spokes.find(x => x.name === spokeName)!;
      stacks.push({
        stackName: `platform-service-${service.name}-${spokeName}`,
        account: s.account,
        region: s.region,
        dependencies: [],
        template: template('Role', `Version${service.version ?? '1'}`),
      });
    }
  }
  return { stacks };
}

/** Plan input for a change from one registry (and services) to another. */
export function planInputs(
  base: { registry: PipelineRegistry; assembly: Assembly },
  head: { registry: PipelineRegistry; assembly: Assembly },
) {
  const accounts = platformAccounts(head.registry);
  for (const a of platformAccounts(base.registry)) {
    if (!accounts.some(x => x.environment === a.environment)) accounts.push(a);
  }
  return {
    base: base.assembly,
    head: head.assembly,
    diffs: diffAssemblies(base.assembly, head.assembly),
    accounts,
  };
}
