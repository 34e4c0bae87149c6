/**
 * Signals the platform backend publishes (Backstage signals, over the portal's
 * WebSocket) so open pages refetch when something changed instead of polling.
 *
 * A signal is a nudge, never data: it names what changed and the page reads it
 * again through the REST API, where the permission checks apply. Nothing in a
 * message may be more than the caller could learn from a route they can read.
 */

/** Published after each stored health refresh (scheduled, all by hand, one spoke). */
export const PLATFORM_HEALTH_SIGNAL_CHANNEL = 'platform:health';

/** Published after a tracked request changed what its pages show. */
export const PLATFORM_REQUESTS_SIGNAL_CHANNEL = 'platform:requests';

/**
 * The message on {@link PLATFORM_HEALTH_SIGNAL_CHANNEL}: a time, not even spoke names.
 * It is a broadcast, and the signals backend also accepts WebSockets without a token.
 */
export type PlatformHealthSignal = {
  /** When the refresh was recorded (ISO 8601). */
  refreshedAt: string;
};

/** The message on {@link PLATFORM_REQUESTS_SIGNAL_CHANNEL}. */
export type PlatformRequestsSignal = {
  /** Ids of the requests that changed. */
  ids: string[];
};
