/*
 * Entry point of a spoke health collector thread (package export
 * `./collectorWorker`), started by `CollectorPool`: AWS calls cost the backend
 * about a millisecond of CPU each in the SDK, and a refresh of hundreds of spokes
 * makes thousands, so they run beside the backend's event loop, not on it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  CollectorPort,
  CollectorThreadData,
  serveCollections,
} from './services/aws/collectorThread';

if (!parentPort) {
  throw new Error(
    'collectorWorker runs in a worker thread started by CollectorPool',
  );
}
serveCollections(
  parentPort as unknown as CollectorPort,
  workerData as CollectorThreadData,
);
