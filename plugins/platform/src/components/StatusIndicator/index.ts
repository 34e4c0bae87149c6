export { StatusIndicator, CellIndicator } from './StatusIndicator';
export type { StatusIndicatorProps } from './StatusIndicator';
