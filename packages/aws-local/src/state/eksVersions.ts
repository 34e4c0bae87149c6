import { EksClusterVersion } from './types';

/**
 * Kubernetes versions on EKS with their support calendar. The dates follow
 * the published EKS calendar as far as it was known when this was written;
 * the control API can change any of them.
 */
const CALENDAR: Array<[string, string, string, string, string]> = [
  // version, release, end of standard, end of extended, patch
  ['1.28', '2023-09-26', '2024-11-26', '2025-11-26', '1.28.15'],
  ['1.29', '2024-01-23', '2025-03-23', '2026-03-23', '1.29.15'],
  ['1.30', '2024-05-23', '2025-07-23', '2026-07-23', '1.30.14'],
  ['1.31', '2024-09-26', '2025-11-26', '2026-11-26', '1.31.13'],
  ['1.32', '2025-01-23', '2026-03-23', '2027-03-23', '1.32.9'],
  ['1.33', '2025-05-29', '2026-07-29', '2027-07-29', '1.33.5'],
  ['1.34', '2025-10-02', '2026-12-02', '2027-12-02', '1.34.1'],
  ['1.35', '2026-01-27', '2027-03-27', '2028-03-27', '1.35.0'],
];

export const DEFAULT_EKS_VERSION = '1.34';

export function seedEksVersions(): EksClusterVersion[] {
  return CALENDAR.map(([version, release, std, ext, patch]) => ({
    clusterVersion: version,
    clusterType: 'eks',
    defaultPlatformVersion: 'eks.10',
    defaultVersion: version === DEFAULT_EKS_VERSION,
    releaseDate: new Date(`${release}T00:00:00Z`),
    endOfStandardSupportDate: new Date(`${std}T00:00:00Z`),
    endOfExtendedSupportDate: new Date(`${ext}T00:00:00Z`),
    kubernetesPatchVersion: patch,
  }));
}

/** `versionStatus` as EKS reports it on `now`, unless it was set explicitly. */
export function versionStatus(v: EksClusterVersion, now: Date): string {
  if (v.versionStatus) return v.versionStatus;
  if (now < v.endOfStandardSupportDate) return 'STANDARD_SUPPORT';
  if (now < v.endOfExtendedSupportDate) return 'EXTENDED_SUPPORT';
  return 'UNSUPPORTED';
}
