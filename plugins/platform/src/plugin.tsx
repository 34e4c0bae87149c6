import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { PlatformHealthClient, platformHealthApiRef } from './api';
import {
  isHubSystem,
  isHubTransitGateway,
  isServiceOnSpokes,
  isSpokeResource,
  isSpokeSystem,
} from './lib/entityFilters';
import { rootRouteRef, spokeRouteRef } from './routes';

export const platformHealthApi = ApiBlueprint.make({
  name: 'health',
  params: defineParams =>
    defineParams({
      api: platformHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformHealthClient(deps),
    }),
});

/** The Spokes page (with each spoke's detail below it); in the sidebar as "Spokes". */
export const spokesPage = PageBlueprint.make({
  params: {
    path: '/spokes',
    title: 'Spokes',
    icon: <DeviceHubIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PlatformRoutes').then(m => <m.PlatformRoutes />),
  },
});

export const spokeHealthCard = EntityCardBlueprint.make({
  name: 'spoke-health',
  params: {
    filter: isSpokeSystem,
    loader: () => import('./cards').then(m => <m.SpokeHealthCard />),
  },
});

export const resourceHealthCard = EntityCardBlueprint.make({
  name: 'resource-health',
  params: {
    filter: isSpokeResource,
    loader: () => import('./cards').then(m => <m.ResourceHealthCard />),
  },
});

export const hubHealthCard = EntityCardBlueprint.make({
  name: 'hub-health',
  params: {
    filter: isHubSystem,
    loader: () =>
      import('./cards').then(m => <m.HubHealthCard view="system" />),
  },
});

export const hubTransitGatewayCard = EntityCardBlueprint.make({
  name: 'hub-transit-gateway-health',
  params: {
    filter: isHubTransitGateway,
    loader: () =>
      import('./cards').then(m => <m.HubHealthCard view="transit-gateway" />),
  },
});

export const serviceSpokesCard = EntityCardBlueprint.make({
  name: 'service-spokes',
  params: {
    filter: isServiceOnSpokes,
    loader: () => import('./cards').then(m => <m.ServiceSpokesCard />),
  },
});

export const serviceSecretsCard = EntityCardBlueprint.make({
  name: 'service-secrets',
  params: {
    filter: isServiceOnSpokes,
    loader: () => import('./cards').then(m => <m.ServiceSecretsCard />),
  },
});

/**
 * The platform frontend plugin: spoke health (page, detail, entity cards).
 * Scaffolder field extensions of this plugin join `extensions` below.
 */
export const platformPlugin = createFrontendPlugin({
  pluginId: 'platform',
  title: 'Platform',
  icon: <DeviceHubIcon fontSize="inherit" />,
  routes: { root: rootRouteRef, spoke: spokeRouteRef },
  extensions: [
    platformHealthApi,
    spokesPage,
    spokeHealthCard,
    resourceHealthCard,
    hubHealthCard,
    hubTransitGatewayCard,
    serviceSpokesCard,
    serviceSecretsCard,
  ],
});
