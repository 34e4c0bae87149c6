export { RequestsPage } from './RequestsPage';
export { RequestDetailPage } from './RequestDetailPage';
export { RequestsRoutes } from './RequestsRoutes';
export { RequestTimeline } from './RequestTimeline';
