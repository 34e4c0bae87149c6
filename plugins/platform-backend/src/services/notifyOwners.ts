import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { StatusTransition } from '../lib/transitions';

/** The notification topic of spoke health, agreed across the portal. */
export const PLATFORM_HEALTH_TOPIC = 'platform-health';

/**
 * Tells each spoke's owners (the notifications backend resolves a System to its owner)
 * that it turned critical or recovered. One notification per spoke, updated in place
 * by its scope, so a flapping spoke does not pile them up.
 */
export function notifyOwners(notifications: Pick<NotificationService, 'send'>) {
  return async (transitions: StatusTransition[]): Promise<void> => {
    for (const t of transitions) {
      await notifications.send({
        recipients: { type: 'entity', entityRef: t.entityRef },
        payload: {
          title:
            t.kind === 'critical'
              ? `Spoke ${t.spoke} is critical`
              : `Spoke ${t.spoke} recovered`,
          description: t.summary,
          link: `/spokes/${t.spoke}`,
          severity: t.kind === 'critical' ? 'critical' : 'normal',
          topic: PLATFORM_HEALTH_TOPIC,
          scope: `${PLATFORM_HEALTH_TOPIC}:${t.spoke}`,
        },
      });
    }
  };
}
