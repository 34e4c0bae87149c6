import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import AssignmentTurnedIn from '@material-ui/icons/AssignmentTurnedIn';
import {
  PlatformHealthClient,
  platformHealthApiRef,
  PlatformRequestsClient,
  platformRequestsApiRef,
} from './api';
import {
  isHubSystem,
  isHubTransitGateway,
  isServiceOnSpokes,
  isSpokeResource,
  isSpokeSystem,
} from './lib/entityFilters';
import {
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
  spokeRouteRef,
} from './routes';

export const platformHealthApi = ApiBlueprint.make({
  name: 'health',
  params: defineParams =>
    defineParams({
      api: platformHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformHealthClient(deps),
    }),
});

export const platformRequestsApi = ApiBlueprint.make({
  name: 'requests',
  params: defineParams =>
    defineParams({
      api: platformRequestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformRequestsClient(deps),
    }),
});

/** The Requests page (each request's timeline below it); in the sidebar as "Requests". */
export const requestsPage = PageBlueprint.make({
  name: 'requests',
  params: {
    path: '/requests',
    title: 'Requests',
    icon: <AssignmentTurnedIn fontSize="inherit" />,
    routeRef: requestsRouteRef,
    loader: () =>
      import('./components/RequestsPage').then(m => <m.RequestsRoutes />),
  },
});

/** The open request that creates a spoke or a service, while it is followed. */
export const requestCard = EntityCardBlueprint.make({
  name: 'request',
  params: {
    filter: entity => isSpokeSystem(entity) || isServiceOnSpokes(entity),
    loader: () => import('./cards').then(m => <m.RequestCard />),
  },
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
  routes: {
    root: rootRouteRef,
    spoke: spokeRouteRef,
    requests: requestsRouteRef,
    request: requestRouteRef,
  },
  extensions: [
    platformHealthApi,
    platformRequestsApi,
    spokesPage,
    requestsPage,
    requestCard,
    spokeHealthCard,
    resourceHealthCard,
    hubHealthCard,
    hubTransitGatewayCard,
    serviceSpokesCard,
    serviceSecretsCard,
  ],
});
