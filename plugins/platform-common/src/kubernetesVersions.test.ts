import {
  allowedKubernetesVersions,
  compareKubernetesVersions,
  defaultKubernetesVersion,
  EKS_KUBERNETES_VERSIONS,
  findKubernetesVersion,
  kubernetesSupportPhase,
  kubernetesVersionRefusal,
} from './kubernetesVersions';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe('the EKS calendar', () => {
  it('follows the 14 + 12 month rule for every version, oldest first', () => {
    const plusMonths = (iso: string, months: number) => {
      const d = day(iso);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString().slice(0, 10);
    };
    for (const k of EKS_KUBERNETES_VERSIONS) {
      expect([k.version, k.endOfStandardSupport]).toEqual([
        k.version,
        plusMonths(k.eksRelease, 14),
      ]);
      expect([k.version, k.endOfExtendedSupport]).toEqual([
        k.version,
        plusMonths(k.endOfStandardSupport, 12),
      ]);
    }
    const versions = EKS_KUBERNETES_VERSIONS.map(k => k.version);
    expect([...versions].sort(compareKubernetesVersions)).toEqual(versions);
  });

  it('puts a version in each phase at the start of the published day (UTC)', () => {
    const k134 = findKubernetesVersion('1.34')!;
    expect(kubernetesSupportPhase(k134, day('2025-10-01'))).toBe(
      'not-released',
    );
    expect(kubernetesSupportPhase(k134, day('2025-10-02'))).toBe('standard');
    expect(kubernetesSupportPhase(k134, new Date('2026-12-01T23:59:59Z'))).toBe(
      'standard',
    );
    expect(kubernetesSupportPhase(k134, day('2026-12-02'))).toBe('extended');
    expect(kubernetesSupportPhase(k134, day('2027-12-02'))).toBe('unsupported');
  });
});

describe('the policy for new spokes', () => {
  it('allows the versions in standard support on the day, newest first', () => {
    expect(allowedKubernetesVersions(day('2026-12-06'))).toEqual(['1.35']);
    expect(allowedKubernetesVersions(day('2026-12-01'))).toEqual([
      '1.35',
      '1.34',
    ]);
    expect(defaultKubernetesVersion(day('2026-12-06'))).toBe('1.35');
  });

  it('says why a version is refused and what to choose instead', () => {
    const on = day('2026-12-06');
    expect(kubernetesVersionRefusal('1.35', on)).toBeUndefined();
    expect(kubernetesVersionRefusal('1.33', on)).toBe(
      'Kubernetes 1.33 left EKS standard support on 2026-07-29 (extended support costs extra and ends 2027-07-29); choose 1.35 (in EKS standard support on 2026-12-06)',
    );
    expect(kubernetesVersionRefusal('1.36', day('2026-06-01'))).toMatch(
      /^Kubernetes 1.36 is not available on EKS before 2026-06-02; choose 1.35 or 1.34 or 1.33/,
    );
    expect(kubernetesVersionRefusal('1.36', on)).toBe(
      'Kubernetes 1.36 is in EKS standard support, but the cluster platform does not pin its add-ons for it yet (infra/lib/constructs/cluster-versions.ts); choose 1.35 (in EKS standard support on 2026-12-06)',
    );
    expect(kubernetesVersionRefusal('1.20', on)).toMatch(
      /^Kubernetes 1.20 is not in the EKS release calendar; choose 1.35 \(/,
    );
    expect(kubernetesVersionRefusal('1.36', day('2030-01-01'))).toMatch(
      /no version is in EKS standard support on 2030-01-01/,
    );
  });

  it('compares minor versions as numbers', () => {
    expect(compareKubernetesVersions('1.9', '1.10')).toBeLessThan(0);
    expect(compareKubernetesVersions('1.36', '1.36')).toBe(0);
  });
});
