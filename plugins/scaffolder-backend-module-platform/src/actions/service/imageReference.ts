import { serviceResourceNames } from '@internal/plugin-platform-common';

/*
 * An image built elsewhere never reaches a spoke from the internet: the service's
 * hub stack mirrors it through an ECR pull-through cache rule with the prefix
 * `mirror/<service>`, and the chart names the mirrored reference
 * `<hub account>.dkr.ecr.<region>.amazonaws.com/mirror/<service>/<path>`.
 */

/** Upstream registries an ECR pull-through cache rule can mirror. */
export const MIRRORABLE_REGISTRIES: readonly string[] = [
  'docker.io',
  'ghcr.io',
  'public.ecr.aws',
  'quay.io',
  'registry.k8s.io',
];

/**
 * The hub ECR repository prefix of a service's pull-through cache rule: the one its
 * hub stack (`ServiceHubStack`) creates.
 */
export function pullThroughPrefix(service: string): string {
  return serviceResourceNames(service).pullThroughPrefix;
}

/** `[registry/]path[:tag][@sha256:...]`, lower-case path (OCI distribution reference grammar). */
const REFERENCE =
  /^(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;
const HOST = /^[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d+)?$/;

/** A parsed image reference; `registry` is `docker.io` when the reference names none. */
export interface ImageReference {
  registry: string;
  /** Repository path in that registry; Docker Hub's official images get `library/`. */
  path: string;
  tag: string;
  digest: string;
}

/**
 * Parses an image reference as Docker does: the first component is a registry only
 * when it has a `.` or a `:` or is `localhost`. Undefined when it is not one.
 */
export function parseImageReference(text: string): ImageReference | undefined {
  const slash = text.indexOf('/');
  const first = slash > 0 ? text.slice(0, slash) : '';
  const hasRegistry =
    first !== '' &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry && !HOST.test(first)) return undefined;
  const rest = hasRegistry ? text.slice(slash + 1) : text;
  const match = REFERENCE.exec(rest);
  if (!match?.groups) return undefined;
  const registry = hasRegistry ? first : 'docker.io';
  const { path, tag, digest } = match.groups;
  return {
    registry: registry === 'index.docker.io' ? 'docker.io' : registry,
    path:
      (registry === 'docker.io' || registry === 'index.docker.io') &&
      !path.includes('/')
        ? `library/${path}`
        : path,
    tag: tag ?? (digest ? '' : 'latest'),
    digest: digest ?? '',
  };
}

/** The hub ECR repository that mirrors `image` for `service`; undefined when its registry cannot be mirrored. */
export function mirroredRepository(
  image: ImageReference,
  ecrRegistry: string,
  service: string,
): string | undefined {
  return MIRRORABLE_REGISTRIES.includes(image.registry)
    ? `${ecrRegistry}/${pullThroughPrefix(service)}/${image.path}`
    : undefined;
}
