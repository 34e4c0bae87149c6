import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_PLATFORM_SPOKE,
  ANNOTATION_PLATFORM_SPOKES,
  parseSpokesAnnotation,
} from '@internal/plugin-platform-common';
import { HealthStore } from '../db/HealthStore';
import { PortalEvidence } from './RequestTracker';

/**
 * The portal's own evidence that a request's entity runs: it is in the catalog, and
 * the spoke health the platform backend already stores is ok for its spokes (the
 * spoke itself for a System, the spokes a service runs on for a Component).
 */
export function catalogAndHealthEvidence(options: {
  catalog: CatalogService;
  auth: AuthService;
  health: HealthStore;
}): PortalEvidence {
  return async entityRef => {
    const credentials = await options.auth.getOwnServiceCredentials();
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) return { inCatalog: false, spokes: [] };
    const annotations = entity.metadata.annotations ?? {};
    const spokes =
      entity.kind.toLocaleLowerCase('en-US') === 'system'
        ? [annotations[ANNOTATION_PLATFORM_SPOKE] ?? entity.metadata.name]
        : parseSpokesAnnotation(annotations[ANNOTATION_PLATFORM_SPOKES]);
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    const results = await Promise.all(
      spokes.map(async spoke => {
        const latest = await options.health.getLatest(spoke);
        return latest
          ? { spoke, status: latest.status, summary: latest.summary }
          : { spoke, status: 'unknown', summary: 'no health snapshot yet' };
      }),
    );
    let ownerRef: string | undefined;
    if (typeof owner === 'string') {
      const lower = owner.toLocaleLowerCase('en-US');
      ownerRef = lower.includes(':') ? lower : `group:default/${lower}`;
    }
    return { inCatalog: true, spokes: results, owner: ownerRef };
  };
}
