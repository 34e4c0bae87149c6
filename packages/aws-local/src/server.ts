import * as http from 'http';
import { AddressInfo } from 'net';
import { Control, CONTROL_PREFIX } from './control/Control';
import { AwsError } from './lib/errors';
import { requestId } from './lib/ids';
import { parseSigV4 } from './lib/sigv4';
import { queryProtocol } from './protocols/query';
import { HttpResult } from './protocols/types';
import { cloudwatchService } from './services/cloudwatch';
import { ec2Service } from './services/ec2';
import { eksService } from './services/eks';
import { Identities } from './services/Identities';
import { rdsService } from './services/rds';
import { secretsManagerService } from './services/secretsManager';
import { stsService } from './services/sts';
import { Service } from './services/types';
import { AwsState } from './state/AwsState';
import { emptyData, SeedRegistry, seedFromRegistry } from './state/seed';
import { RolePolicies } from './services/RolePolicies';
import {
  DEFAULT_PORTAL_EXTERNAL_ID,
  RoleTrusts,
  spokeRoleTrusts,
} from './services/RoleTrusts';
import { SPOKE_HEALTH_ROLE_ACTIONS } from '@internal/plugin-platform-common';
import { AwsLocalData } from './state/types';

/** The services served, by SigV4 signing name. */
export const SERVICES: Record<string, Service> = Object.fromEntries(
  [
    stsService,
    eksService,
    ec2Service,
    rdsService,
    secretsManagerService,
    cloudwatchService,
  ].map(s => [s.signingName, s]),
);

export interface StartOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Seed from this registry; without it the endpoint starts empty. A function is read
   * again by every reset and spoke seed of the control API, so a registry folder
   * changed meanwhile (a spoke file added as a merge adds it) counts.
   */
  registry?: SeedRegistry | (() => SeedRegistry);
  /**
   * Account for plain credentials (neither 12 digits nor issued by
   * AssumeRole). Default: the registry's hub account, else 000000000000.
   */
  defaultAccount?: string;
  /** Receives one line per AWS request (operation, account, status); never bodies. */
  log?: (line: string) => void;
  /** The clock (EKS version support, timestamps). */
  now?: () => Date;
  /**
   * Actions each assumed role may call (IAM's identity-based policy); any other call
   * by that role is refused with the service's access-denied error. Default: the
   * registry's portal read-only role (`hub.portal.roleName`) may make exactly the
   * spoke health calls its infra grants (`SPOKE_HEALTH_ROLE_ACTIONS`).
   */
  rolePolicies?: Record<string, readonly string[]>;
  /**
   * The external id the spoke roles trust (the value of the secret `hub.yaml`
   * `portal.externalIdName` names): AssumeRole into the portal's read-only role or its
   * secret writer role in a spoke account without exactly this `ExternalId` is
   * refused, as IAM refuses it. Default: `DEFAULT_PORTAL_EXTERNAL_ID`.
   */
  portalExternalId?: string;
  /**
   * How an injected latency waits. Default: a timer. Tests pass one that records
   * the waits, so they assert what was asked for instead of timing the machine.
   */
  sleep?: (ms: number) => Promise<void>;
}

export interface AwsLocal {
  /** `http://127.0.0.1:<port>`: use as the SDK `endpoint` or `AWS_ENDPOINT_URL`. */
  url: string;
  port: number;
  control: Control;
  stop(): Promise<void>;
}

const fallbackProtocol = queryProtocol({
  xmlns: 'https://aws-local/doc/',
  naming: { element: k => k, member: () => 'member' },
});

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, result: HttpResult): void {
  res.writeHead(result.status, {
    ...result.headers,
    'content-length': Buffer.byteLength(result.body),
  });
  res.end(result.body);
}

/** Starts the endpoint; resolves once it listens. */
export async function start(options: StartOptions = {}): Promise<AwsLocal> {
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));
  const now = options.now ?? (() => new Date());
  const source = options.registry;
  const externalId = options.portalExternalId ?? DEFAULT_PORTAL_EXTERNAL_ID;
  const trusts = new RoleTrusts();
  // Each read of the registry also sets the spoke roles' trusts from it.
  const readRegistry = (): SeedRegistry | undefined => {
    const registry = typeof source === 'function' ? source() : source;
    trusts.replace(registry ? spokeRoleTrusts(registry, externalId) : []);
    return registry;
  };
  const seed = (registry = readRegistry()): AwsLocalData => {
    const data = registry ? seedFromRegistry(registry, now()) : emptyData();
    if (options.defaultAccount) data.defaultAccount = options.defaultAccount;
    return data;
  };
  const initial = readRegistry();
  const state = new AwsState(seed(initial));
  const control = new Control(state, () => seed(), readRegistry, now);
  const identities = new Identities(() => state.data.defaultAccount);
  const portalRole = initial?.hub.portal?.roleName;
  const policies = new RolePolicies(
    options.rolePolicies ??
      (portalRole ? { [portalRole]: SPOKE_HEALTH_ROLE_ACTIONS } : {}),
  );
  const log = options.log;

  const server = http.createServer((req, res) => {
    handle(req, res).catch(err => {
      // A bug here must not take the endpoint down; the SDK sees a 500.
      if (!res.headersSent) {
        send(
          res,
          fallbackProtocol.error(
            new AwsError('InternalFailure', `aws-local: ${String(err)}`, 500),
            requestId(),
          ),
        );
      }
      log?.(`aws-local internal error: ${err?.stack ?? err}`);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://aws-local');
    const body = await readBody(req);
    const method = req.method ?? 'GET';

    if (
      url.pathname === CONTROL_PREFIX ||
      url.pathname.startsWith(`${CONTROL_PREFIX}/`)
    ) {
      const out = control.handle(method, url.pathname, url.searchParams, body);
      const json = JSON.stringify(out.body);
      res.writeHead(out.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(json),
      });
      res.end(json);
      return;
    }

    const id = requestId();
    const scope = parseSigV4(req.headers.authorization, url.searchParams);
    if (!scope) {
      send(
        res,
        fallbackProtocol.error(
          new AwsError(
            'MissingAuthenticationToken',
            'aws-local: the request is not signed with AWS Signature Version 4; use an AWS SDK with any credentials',
            403,
          ),
          id,
        ),
      );
      log?.(`- - status=403 unsigned ${method} ${url.pathname}`);
      return;
    }
    const account = identities.accountFor(scope.accessKeyId);
    const service = SERVICES[scope.service];
    const line = (operation: string, status: number | string, extra = '') =>
      log?.(
        `${scope.service}:${operation} account=${account} region=${
          scope.region
        } status=${status} ${Date.now() - started}ms${extra}`,
      );

    if (!service) {
      const operation =
        url.searchParams.get('Action') ??
        new URLSearchParams(body).get('Action') ??
        String(req.headers['x-amz-target'] ?? `${method} ${url.pathname}`);
      const result = fallbackProtocol.error(
        fallbackProtocol.unsupported(scope.service, operation),
        id,
      );
      send(res, result);
      line(operation, result.status);
      return;
    }

    const { protocol } = service;
    const serviceRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    let route;
    try {
      route = service.route(serviceRequest);
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      const result = protocol.error(e, id);
      send(res, result);
      line('-', result.status);
      return;
    }

    const { latencyMs, failure } = control.faults.apply({
      service: scope.service,
      operation: route.operation,
      account,
      region: scope.region,
      targetAccount: route.targetAccount,
    });
    if (latencyMs) await sleep(latencyMs);
    if (failure?.error === 'Hang') {
      // Never answer: the client's timeout is what is being tested.
      line(route.operation, 'hang', ` fault=${failure.id}`);
      return;
    }
    let result: HttpResult;
    const denial = policies.denial(
      identities.issuedFor(scope.accessKeyId),
      scope.service,
      route.operation,
    );
    if (denial) {
      result = protocol.error(denial, id);
    } else if (failure?.error) {
      result = protocol.error(
        protocol.fault(
          failure.error,
          failure.message ??
            `aws-local injected ${failure.error} for ${scope.service}:${route.operation} in ${account}`,
        ),
        id,
      );
    } else if (!route.run) {
      result = protocol.error(
        protocol.unsupported(scope.service, route.operation),
        id,
      );
    } else {
      try {
        const output = await route.run({
          state,
          identities,
          trusts,
          accessKeyId: scope.accessKeyId,
          account,
          region: scope.region,
          now: now(),
        });
        result = protocol.success(route.operation, output, id);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        result = protocol.error(e, id);
      }
    }
    send(res, result);
    line(route.operation, result.status, failure ? ` fault=${failure.id}` : '');
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    control,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        // Hung requests and keep-alive sockets would hold close() forever.
        server.closeAllConnections();
      }),
  };
}
