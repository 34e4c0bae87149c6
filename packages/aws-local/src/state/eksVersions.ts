import { EKS_KUBERNETES_VERSIONS } from '@internal/plugin-platform-common';
import { EksClusterVersion } from './types';

/**
 * Patch release each minor version reports, as EKS lists them; the dates come
 * from the one EKS calendar in platform-common, so the local endpoint, the New
 * environment form and spoke health agree. The control API can change any of it.
 */
const PATCH_VERSIONS: Record<string, string> = {
  '1.28': '1.28.15',
  '1.29': '1.29.15',
  '1.30': '1.30.14',
  '1.31': '1.31.13',
  '1.32': '1.32.9',
  '1.33': '1.33.5',
  '1.34': '1.34.1',
  '1.35': '1.35.0',
  '1.36': '1.36.0',
};

/** What EKS marks `defaultVersion` (EKS picks a recent, not the newest, version). */
export const DEFAULT_EKS_VERSION = '1.35';

export function seedEksVersions(): EksClusterVersion[] {
  return EKS_KUBERNETES_VERSIONS.map(k => ({
    clusterVersion: k.version,
    clusterType: 'eks',
    defaultPlatformVersion: 'eks.10',
    defaultVersion: k.version === DEFAULT_EKS_VERSION,
    releaseDate: new Date(`${k.eksRelease}T00:00:00Z`),
    endOfStandardSupportDate: new Date(`${k.endOfStandardSupport}T00:00:00Z`),
    endOfExtendedSupportDate: new Date(`${k.endOfExtendedSupport}T00:00:00Z`),
    kubernetesPatchVersion: PATCH_VERSIONS[k.version] ?? `${k.version}.0`,
  }));
}

/** `versionStatus` as EKS reports it on `now`, unless it was set explicitly. */
export function versionStatus(v: EksClusterVersion, now: Date): string {
  if (v.versionStatus) return v.versionStatus;
  if (now < v.endOfStandardSupportDate) return 'STANDARD_SUPPORT';
  if (now < v.endOfExtendedSupportDate) return 'EXTENDED_SUPPORT';
  return 'UNSUPPORTED';
}
