import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
The portal of the hub-and-spoke AWS estate: a hub account (Transit Gateway, Route 53,
ECR) and one spoke account per environment, each with a VPC, an EKS cluster and an
Aurora cluster.

- **Browse the catalog**: services, the hub, every spoke and their AWS resources, and
  who owns them, in the [Software Catalog](/catalog).
- **Check a spoke**: EKS, Transit Gateway and Aurora health per spoke on the
  [Spokes](/spokes) page and on each spoke's catalog page.
- **Create a service**: [Create](/create) → _New service_ opens a pull request with the
  service's chart, infrastructure, CI workflow and catalog entry.
- **Add an environment** (platform team): [Create](/create) → _New environment_ opens a
  pull request with the new spoke and the CloudFormation diff of the hub and the spoke.
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
