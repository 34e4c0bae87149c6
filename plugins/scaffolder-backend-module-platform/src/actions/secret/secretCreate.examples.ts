import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Create a Slack webhook secret for phl-store in dev; the URL comes from the form's secret field webhookUrl",
    example: stringify({
      steps: [
        {
          id: 'create-secret',
          action: 'platform:secret:create',
          name: 'Create the secret',
          input: {
            service: 'component:default/phl-store',
            environments: ['dev'],
            kind: 'slack-webhook',
            name: 'slack-alerts',
            description: 'Alerts channel webhook',
            tenant: 'Slack',
          },
        },
      ],
    }),
  },
];
