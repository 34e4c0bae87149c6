/**
 * Catalog entity names of the platform, written by the catalog module and usable by
 * templates and the UI to point at a spoke's resources (for example a new service's
 * `dependsOn: resource:dev-eks`). All in the default namespace.
 */

/** The catalog Domain that holds the hub's and every spoke's System. */
export const PLATFORM_DOMAIN_NAME = 'platform';

/** Longest catalog entity name (`metadata.name`) the catalog accepts. */
export const MAX_ENTITY_NAME_LENGTH = 63;

/** 32-bit FNV-1a as 8 hex digits: small, stable and browser-safe. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `candidate` when it fits the catalog's 63 characters; otherwise its head and a
 * hash of the whole, so long spoke or zone names still give distinct, valid names.
 * Registry names are DNS labels and zone names, so the characters are always valid.
 */
export function catalogEntityName(candidate: string): string {
  if (candidate.length <= MAX_ENTITY_NAME_LENGTH) return candidate;
  const head = candidate
    .slice(0, MAX_ENTITY_NAME_LENGTH - 9)
    .replace(/[-_.]+$/, '');
  return `${head}-${shortHash(candidate)}`;
}

/** Entity names of a spoke: its System and its three Resources. */
export function spokeEntityNames(spokeName: string): {
  system: string;
  eks: string;
  tgwAttachment: string;
  aurora: string;
} {
  return {
    system: spokeName,
    eks: catalogEntityName(`${spokeName}-eks`),
    tgwAttachment: catalogEntityName(`${spokeName}-tgw-attachment`),
    aurora: catalogEntityName(`${spokeName}-aurora`),
  };
}

/** Entity names of the hub: its System and its Resources. */
export function hubEntityNames(hubName: string): {
  system: string;
  transitGateway: string;
  ecr: string;
  privateZone(zoneName: string): string;
} {
  return {
    system: hubName,
    transitGateway: catalogEntityName(`${hubName}-transit-gateway`),
    ecr: catalogEntityName(`${hubName}-ecr`),
    privateZone: zoneName => catalogEntityName(`${hubName}-zone-${zoneName}`),
  };
}
