import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
The hub-and-spoke platform portal.

One place for the AWS estate: a hub account (Transit Gateway, Route 53, ECR) and one
spoke account per environment, each with a VPC, an EKS cluster and an Aurora cluster.

- **Browse the catalog**: services, the hub and every spoke, and who owns them, in the
  [Software Catalog](/catalog).
- **Create something**: a new service, a new environment or a runbook secret, each as
  a reviewed pull request, from [Create](/create).
- **Check a spoke**: EKS, Transit Gateway and Aurora health per spoke.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'What the portal does and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

const portalHomeLayout = HomePageLayoutBlueprint.make({
  name: 'portal',
  params: {
    loader: async () =>
      import('./PortalHomeLayout').then(m => m.PortalHomeLayout),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [portalHomeLayout, gettingStartedWidget],
});
