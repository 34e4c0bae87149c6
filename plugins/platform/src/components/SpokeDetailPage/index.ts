export { SpokeDetailPage } from './SpokeDetailPage';
export { StatusHistory } from './StatusHistory';
export { DriftFindings } from './DriftFindings';
