export { HealthErrorPanel } from './HealthErrorPanel';
