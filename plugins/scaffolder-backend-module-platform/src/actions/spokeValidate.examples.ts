import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Inputs a valid non-prod spoke needs next to the sample registry (hub + dev, staging, prod). */
export const exampleNonProdInput = {
  name: 'qa',
  description: 'QA spoke for release candidates',
  environmentClass: 'non-prod',
  account: '555566667777',
  region: 'ap-southeast-3',
  owner: 'group:default/platform-team',
  cidr: '10.4.0.0/16',
  azCount: 2,
  natGateways: 'single',
  eksVersion: '1.35',
  nodeInstanceType: 'm6i.large',
  nodeMinSize: 2,
  nodeDesiredSize: 2,
  nodeMaxSize: 4,
  auroraInstanceClass: 'db.r6g.large',
  auroraReaders: 1,
  deletionProtection: false,
};

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the New environment form answers for a non-prod spoke with two AZs',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'platform:spoke:validate',
          name: 'Validate the new spoke against the registry',
          input: exampleNonProdInput,
        },
      ],
    }),
  },
  {
    description:
      'Validate a prod spoke: three AZs, a NAT gateway per AZ, deletion protection on (required for prod)',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'platform:spoke:validate',
          name: 'Validate the new spoke against the registry',
          input: {
            ...exampleNonProdInput,
            name: 'prod-2',
            description: 'Second production spoke',
            environmentClass: 'prod',
            account: '666677778888',
            owner: 'group:default/payments-team',
            cidr: '10.5.0.0/16',
            azCount: 3,
            natGateways: 'perAz',
            nodeInstanceType: 'm6i.xlarge',
            nodeMinSize: 3,
            nodeDesiredSize: 3,
            nodeMaxSize: 9,
            auroraInstanceClass: 'db.r6g.xlarge',
            auroraReaders: 2,
            auroraMaxReaders: 4,
            deletionProtection: true,
          },
        },
      ],
    }),
  },
];
