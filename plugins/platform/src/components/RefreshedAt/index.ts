export { RefreshedAt } from './RefreshedAt';
export type { RefreshedAtProps } from './RefreshedAt';
