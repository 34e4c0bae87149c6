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
