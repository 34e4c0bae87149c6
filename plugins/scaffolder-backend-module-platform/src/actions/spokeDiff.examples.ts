import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Diff the platform with the spoke file an earlier platform:spoke:render step wrote',
    example: stringify({
      steps: [
        {
          id: 'diff',
          action: 'platform:spoke:diff',
          name: 'CloudFormation diff of the hub and the new spoke',
          input: {},
        },
      ],
    }),
  },
  {
    description:
      'Diff registry files kept in another workspace folder, with a shorter summary',
    example: stringify({
      steps: [
        {
          id: 'diff',
          action: 'platform:spoke:diff',
          name: 'CloudFormation diff of the hub and the new spoke',
          input: { registryPath: 'platform/registry', maxChars: 20000 },
        },
      ],
    }),
  },
];
