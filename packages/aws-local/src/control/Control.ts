import { AwsState } from '../state/AwsState';
import { SeedRegistry } from '../state/seed';
import {
  seedSpoke,
  SeedSpokeResult,
  UnknownSpokeError,
} from '../state/seedSpoke';
import { AwsLocalData } from '../state/types';
import { ControlInputError, FaultInput, FaultRule, Faults } from './Faults';
import { ResourceRef, RESOURCE_KINDS, Resources } from './Resources';

/** The path prefix of the control API; no AWS API uses it. */
export const CONTROL_PREFIX = '/_aws-local';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The control API in-process (the HTTP control API calls the same methods). */
export class Control {
  readonly faults = new Faults();
  readonly resources: Resources;

  constructor(
    private readonly state: AwsState,
    private readonly reseed: () => AwsLocalData,
    /** The registry as it is now; undefined when the endpoint was started without one. */
    private readonly registry: () => SeedRegistry | undefined = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.resources = new Resources(state);
  }

  /** A copy of the whole state. */
  snapshot(): AwsLocalData {
    return structuredClone(this.state.data);
  }

  /** Back to the registry seed; removes every fault rule. */
  reset(): void {
    this.state.reset(registryRead(this.reseed));
    this.faults.clear();
  }

  /**
   * Seeds one spoke of the registry as it is now (a spoke file added since start, as
   * a merge adds it) into the running state, unless its account already holds it.
   */
  seedSpoke(name: string): SeedSpokeResult {
    if (typeof name !== 'string' || !name) {
      throw new ControlInputError('Expected { name }: a spoke of the registry');
    }
    const registry = registryRead(this.registry);
    if (!registry) {
      throw new ControlInputError(
        'aws-local was started without a registry: there is no spoke to seed',
        409,
      );
    }
    try {
      return seedSpoke(this.state.data, registry, name, this.now());
    } catch (e) {
      if (e instanceof UnknownSpokeError) {
        throw new ControlInputError(e.message, 404);
      }
      throw e;
    }
  }

  /**
   * Puts every Kubernetes version a cluster runs in standard support for a year
   * from now (extended support until two years from now), so a test about something else is not
   * judged by today's EKS calendar. A reset undoes it. Returns the versions pinned.
   */
  pinKubernetesSupport(): string[] {
    const running = new Set<string>();
    for (const region of Object.values(this.state.data.regions)) {
      for (const cluster of region.eks.clusters) running.add(cluster.version);
    }
    const inDays = (days: number) =>
      new Date(this.now().getTime() + days * DAY_MS);
    for (const version of this.state.data.eksVersions) {
      if (!running.has(version.clusterVersion)) continue;
      // The status follows the dates again, as EKS reports it.
      delete version.versionStatus;
      version.endOfStandardSupportDate = inDays(365);
      version.endOfExtendedSupportDate = inDays(730);
    }
    return [...running].sort();
  }

  update(ref: ResourceRef, set: Record<string, unknown>) {
    return this.resources.update(ref, set);
  }

  remove(ref: ResourceRef) {
    return this.resources.remove(ref);
  }

  create(input: Parameters<Resources['create']>[0]) {
    return this.resources.create(input);
  }

  addFault(rule: FaultInput): FaultRule {
    return this.faults.add(rule);
  }

  /** Answers one control-API HTTP request. */
  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    body: string,
  ): { status: number; body: unknown } {
    try {
      return this.route(method, path.slice(CONTROL_PREFIX.length), query, body);
    } catch (e) {
      if (e instanceof ControlInputError) {
        return { status: e.status, body: { error: e.message } };
      }
      throw e;
    }
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    rawBody: string,
  ): { status: number; body: unknown } {
    let body: any;
    try {
      body = rawBody ? JSON.parse(rawBody) : {};
    } catch {
      throw new ControlInputError('The body must be JSON');
    }
    const key = `${method} ${path.replace(/\/faults\/[^/]+$/, '/faults/:id')}`;
    switch (key) {
      case 'GET /health':
        return { status: 200, body: { ok: true } };
      case 'GET /state': {
        const data = this.snapshot();
        const account = query.get('account');
        const region = query.get('region');
        data.regions = Object.fromEntries(
          Object.entries(data.regions).filter(
            ([, r]) =>
              (!account || r.account === account) &&
              (!region || r.region === region),
          ),
        );
        return { status: 200, body: data };
      }
      case 'POST /reset':
        this.reset();
        return { status: 200, body: { reset: true } };
      case 'POST /kubernetes-support/pin':
        return {
          status: 200,
          body: { pinned: this.pinKubernetesSupport() },
        };
      case 'POST /spokes': {
        const result = this.seedSpoke(body.name);
        return { status: result.seeded ? 201 : 200, body: result };
      }
      case 'GET /resources':
        if (!query.get('kind')) {
          return { status: 200, body: { kinds: RESOURCE_KINDS } };
        }
        return {
          status: 200,
          body: this.resources.get(refFrom(Object.fromEntries(query))),
        };
      case 'PATCH /resources':
        return {
          status: 200,
          body: this.resources.update(refFrom(body), body.set),
        };
      case 'POST /resources':
        return { status: 201, body: this.resources.create(body) };
      case 'DELETE /resources':
        return { status: 200, body: this.resources.remove(refFrom(body)) };
      case 'GET /faults':
        return { status: 200, body: { faults: this.faults.list() } };
      case 'POST /faults':
        return { status: 201, body: this.faults.add(body) };
      case 'DELETE /faults':
        this.faults.clear();
        return { status: 200, body: { faults: [] } };
      case 'DELETE /faults/:id': {
        const id = path.split('/').pop()!;
        if (!this.faults.remove(id)) {
          throw new ControlInputError(`No fault rule ${id}`, 404);
        }
        return { status: 200, body: { removed: id } };
      }
      default:
        throw new ControlInputError(
          `No control endpoint ${method} ${CONTROL_PREFIX}${path}; see the package README`,
          404,
        );
    }
  }
}

/** Runs what reads the registry; a registry that cannot be read is the caller's to fix. */
function registryRead<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new ControlInputError(
      `The registry could not be read: ${(e as Error).message}`,
      500,
    );
  }
}

function refFrom(body: any): ResourceRef {
  if (!body || typeof body !== 'object') {
    throw new ControlInputError('Expected { kind, id, account?, region? }');
  }
  return {
    kind: body.kind,
    id: body.id,
    account: body.account,
    region: body.region,
  };
}
