import {
  EKS_KUBERNETES_VERSIONS,
  findKubernetesVersion,
} from '@internal/plugin-platform-common';
import { KUBERNETES_COUPLED_ADDON_VERSIONS } from '../lib/constructs/cluster-versions';
import { sampleRegistry } from './helpers';

describe('Kubernetes versions and the pinned add-ons', () => {
  it('pins kube-proxy and CoreDNS for every version the policy may offer a new spoke', () => {
    const offered = EKS_KUBERNETES_VERSIONS.filter(
      k => k.clusterPlatform !== false && k.version >= '1.32',
    ).map(k => k.version);
    expect(offered.filter(v => !KUBERNETES_COUPLED_ADDON_VERSIONS[v])).toEqual(
      [],
    );
  });

  it('runs the sample spokes on a version of the EKS calendar the add-ons are pinned for', () => {
    for (const spoke of sampleRegistry().spokes) {
      expect(findKubernetesVersion(spoke.eks.version)).toBeDefined();
      expect(
        KUBERNETES_COUPLED_ADDON_VERSIONS[spoke.eks.version],
      ).toBeDefined();
    }
  });
});
