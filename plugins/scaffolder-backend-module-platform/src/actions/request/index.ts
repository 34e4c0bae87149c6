export {
  createRequestTrackAction,
  REQUEST_TRACK_ACTION_ID,
} from './requestTrack';
export { platformRequestsClient } from './PlatformRequestsClient';
export type {
  RecordRequest,
  RecordRequestBody,
} from './PlatformRequestsClient';
