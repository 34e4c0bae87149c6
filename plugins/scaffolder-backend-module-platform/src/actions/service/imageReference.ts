/*
 * An image built elsewhere never reaches a spoke from the internet: the hub ECR
 * mirrors it through a pull-through cache rule, one per upstream registry, and the
 * chart names the mirrored reference
 * `<hub account>.dkr.ecr.<region>.amazonaws.com/<cache prefix>/<path>`.
 */

/** Upstream registry host → the hub's pull-through cache repository prefix. */
export const PULL_THROUGH_CACHE_PREFIXES: Readonly<Record<string, string>> = {
  'docker.io': 'docker-hub',
  'ghcr.io': 'github',
  'public.ecr.aws': 'ecr-public',
  'quay.io': 'quay',
  'registry.k8s.io': 'k8s',
};

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

/** The hub ECR repository that mirrors `image`; undefined when its registry has no cache rule. */
export function mirroredRepository(
  image: ImageReference,
  ecrRegistry: string,
): string | undefined {
  const prefix = PULL_THROUGH_CACHE_PREFIXES[image.registry];
  return prefix ? `${ecrRegistry}/${prefix}/${image.path}` : undefined;
}
