export { SpokesPage } from './SpokesPage';
export { SpokesTable } from './SpokesTable';
export type { SpokesTableProps } from './SpokesTable';
