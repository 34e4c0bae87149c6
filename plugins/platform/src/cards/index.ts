export { SpokeHealthCard } from './SpokeHealthCard';
export { ResourceHealthCard } from './ResourceHealthCard';
export { ServiceSpokesCard, serviceSpokeItems } from './ServiceSpokesCard';
export { HubHealthCard, hubSpokeItems } from './HubHealthCard';
export type { HubCardView } from './HubHealthCard';
export { SpokeStatusList } from './SpokeStatusList';
export type { SpokeStatusItem } from './SpokeStatusList';
export { ServiceSecretsCard } from './ServiceSecretsCard';
export { RequestCard } from './RequestCard';
