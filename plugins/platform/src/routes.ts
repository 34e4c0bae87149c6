import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The spokes page. */
export const rootRouteRef = createRouteRef();

/** One spoke's checks and history, below the spokes page. */
export const spokeRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:name',
});

/** The Requests page: pull requests opened by templates, followed until they run. */
export const requestsRouteRef = createRouteRef();

/** One request's timeline, below the Requests page. */
export const requestRouteRef = createSubRouteRef({
  parent: requestsRouteRef,
  path: '/:id',
});
