import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** A complete spoke object, as `platform:spoke:validate` outputs it for the form's answers. */
export const exampleSpoke = {
  name: 'qa',
  description: 'QA spoke for release candidates',
  environmentClass: 'non-prod',
  account: '555566667777',
  region: 'ap-southeast-3',
  owner: 'group:default/platform-team',
  network: {
    cidr: '10.4.0.0/16',
    azCount: 2,
    availabilityZones: ['ap-southeast-3a', 'ap-southeast-3b'],
    natGateways: 'single',
  },
  dns: { privateZones: ['piksel.internal'] },
  eks: {
    version: '1.35',
    nodeGroup: {
      instanceTypes: ['m6i.large'],
      desiredSize: 2,
      minSize: 2,
      maxSize: 4,
    },
  },
  aurora: {
    engineVersion: '8.0.mysql_aurora.3.08.0',
    instanceClass: 'db.r6g.large',
    readers: 1,
    maxReaders: 1,
    deletionProtection: false,
  },
};

export const examples: TemplateExample[] = [
  {
    description:
      'Write the spoke validated by an earlier platform:spoke:validate step (usual use in a template)',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'platform:spoke:render',
          name: 'Write the spoke file',
          input: { spoke: '${{ steps.validate.output.spoke }}' },
        },
      ],
    }),
  },
  {
    description:
      'Write a complete spoke object into a registry kept in another folder of the repository',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'platform:spoke:render',
          name: 'Write the spoke file',
          input: { spoke: exampleSpoke, registryPath: 'platform/registry' },
        },
      ],
    }),
  },
];
