import {
  Manifest,
  missingLabels,
  schemaProblems,
  securityProblems,
} from './__testUtils__/manifests';

// The checks the template test relies on must themselves catch what they claim to.

function deployment(change: (pod: any, c: any) => void = () => {}): Manifest {
  const container: any = {
    name: 'app',
    image: 'x',
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: {
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '1', memory: '128Mi' },
    },
    livenessProbe: { tcpSocket: { port: 80 } },
    readinessProbe: { tcpSocket: { port: 80 } },
  };
  const pod: any = {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container],
  };
  change(pod, container);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'shop' } },
      template: { metadata: { labels: { app: 'shop' } }, spec: pod },
    },
  };
}

const policies: Manifest[] = [
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow' },
    spec: {
      podSelector: { matchLabels: { app: 'shop' } },
      policyTypes: ['Ingress'],
      ingress: [{}],
    },
  },
];

describe('securityProblems', () => {
  it('passes a hardened deployment with its network policies', () => {
    expect(securityProblems([deployment(), ...policies])).toEqual([]);
  });

  it.each([
    [
      'root filesystem is writable',
      (_p: any, c: any) => (c.securityContext.readOnlyRootFilesystem = false),
    ],
    [
      'privilege escalation is allowed',
      (_p: any, c: any) => delete c.securityContext.allowPrivilegeEscalation,
    ],
    [
      'capabilities are not all dropped',
      (_p: any, c: any) => (c.securityContext.capabilities.drop = ['NET_RAW']),
    ],
    ['no memory limits', (_p: any, c: any) => delete c.resources.limits.memory],
    ['no cpu requests', (_p: any, c: any) => delete c.resources.requests.cpu],
    ['no liveness probe', (_p: any, c: any) => delete c.livenessProbe],
    ['no readiness probe', (_p: any, c: any) => delete c.readinessProbe],
    [
      'pod runAsNonRoot is not true',
      (p: any) => delete p.securityContext.runAsNonRoot,
    ],
    [
      'pod runAsUser is not a non-zero uid',
      (p: any) => (p.securityContext.runAsUser = 0),
    ],
    [
      'seccompProfile is not RuntimeDefault',
      (p: any) => (p.securityContext.seccompProfile.type = 'Unconfined'),
    ],
  ])('catches: %s', (problem, change) => {
    expect(
      securityProblems([deployment(change), ...policies]).join('\n'),
    ).toContain(problem);
  });

  it('catches a missing NetworkPolicy and a missing default deny', () => {
    expect(securityProblems([deployment()])).toEqual([
      'Deployment shop: no NetworkPolicy selects its pods',
      'no default-deny NetworkPolicy',
    ]);
    expect(securityProblems([deployment(), policies[1]])).toEqual([
      'no default-deny NetworkPolicy',
    ]);
  });
});

describe('schemaProblems', () => {
  it('accepts a valid object and reports a wrong type with its path', () => {
    expect(schemaProblems(deployment())).toEqual([]);
    const bad = deployment((_p, c) => (c.name = 42));
    expect(schemaProblems(bad).join('\n')).toMatch(
      /containers\/0\/name must be string/,
    );
  });

  it('refuses kinds it has no schema for', () => {
    expect(
      schemaProblems({
        apiVersion: 'example.com/v1',
        kind: 'Thing',
        metadata: { name: 'x' },
      }),
    ).toEqual(['example.com/v1/Thing: no schema known for this kind']);
  });

  it('checks the SecretProviderClass by hand', () => {
    const spc = (parameters: any): Manifest => ({
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: { name: 'c' },
      spec: { provider: 'aws', parameters },
    });
    expect(schemaProblems(spc({ objects: '- objectName: a' }))).toEqual([]);
    expect(
      schemaProblems(spc({ objects: '- objectName: a', usePodIdentity: true })),
    ).toEqual([
      'secrets-store.csi.x-k8s.io/v1/SecretProviderClass c: spec.parameters.usePodIdentity must be a string',
    ]);
  });
});

describe('missingLabels', () => {
  it('lists the recommended labels an object lacks', () => {
    expect(missingLabels(deployment())).toEqual([
      'app.kubernetes.io/name',
      'app.kubernetes.io/instance',
      'app.kubernetes.io/version',
      'app.kubernetes.io/managed-by',
      'helm.sh/chart',
    ]);
  });
});
