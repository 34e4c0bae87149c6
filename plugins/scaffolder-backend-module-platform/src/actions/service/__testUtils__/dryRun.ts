import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as http from 'http';
import { AddressInfo } from 'net';
import { parse as parseYaml } from 'yaml';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { parseRegistry } from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';
import { createServiceActions } from '..';
import { createRequestTrackAction } from '../../request';
import {
  PLATFORM_REPOSITORY,
  SAMPLE_REGISTRY_DIR,
  TEMPLATE_DIR,
} from './constants';

export { PLATFORM_REPOSITORY, SAMPLE_REGISTRY_DIR, TEMPLATE_DIR };

/*
 * Runs the New service template through the scaffolder's own dry-run endpoint
 * (`POST /v2/dry-run`, what the template editor uses): the real parameter schema
 * check, the real workflow runner (each, if, expressions), the real fetch:template
 * and publish:github:pull-request in dry-run mode, and our validate action.
 */

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), rel)
      : [rel];
  });
}

/**
 * POSTs JSON on a fresh connection: the test backend closes idle keep-alive
 * connections after 5 s, which a pooled fetch would reuse and see reset.
 */
function postJson(
  port: number,
  urlPath: string,
  payload: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** One dry run's outcome. */
export interface DryRunResult {
  status: number;
  /** Workspace files after the run, by path (`platform/charts/...`). */
  files: Map<string, string>;
  /** Step ids and their final status. */
  steps: Record<string, string>;
  log: string[];
  /** The response body, for refusals. */
  body: any;
}

export interface DryRunner {
  run(values: Record<string, unknown>): Promise<DryRunResult>;
  /** A registry folder the test may add `services/*.yaml` to. */
  registryDir: string;
  stop(): Promise<void>;
}

/**
 * Starts one backend with the scaffolder, the GitHub module (no GitHub credential
 * at all: a dry run must not need one) and our actions. `without` leaves those
 * services out of the registry copy, e.g. to render a committed sample afresh.
 */
export async function startDryRunner(
  options: {
    without?: string[];
    repository?: typeof PLATFORM_REPOSITORY;
  } = {},
): Promise<DryRunner> {
  const registryDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'service-registry-'),
  );
  fs.cpSync(SAMPLE_REGISTRY_DIR, registryDir, { recursive: true });
  for (const name of options.without ?? []) {
    fs.rmSync(path.join(registryDir, 'services', `${name}.yaml`), {
      force: true,
    });
  }
  const registry = {
    dir: () => registryDir,
    load: () => parseRegistry(readRegistryFiles(registryDir)),
  };
  const actionsModule = createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'platform-service-test',
    register(env) {
      env.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            ...createServiceActions({
              registry,
              repository: options.repository ?? PLATFORM_REPOSITORY,
            }),
            // Skipped in a dry run (no pull request to follow): it must never be called.
            createRequestTrackAction({
              recordRequest: async () => {
                throw new Error('a dry run recorded a request');
              },
              appBaseUrl: 'http://portal.test',
            }),
          );
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderGithubModule,
      actionsModule,
      mockServices.rootConfig.factory({
        data: {
          integrations: { github: [{ host: 'github.com' }] },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const template = parseYaml(
    fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
  );
  const directoryContents = listFiles(TEMPLATE_DIR).map(file => ({
    path: file,
    base64Content: fs
      .readFileSync(path.join(TEMPLATE_DIR, file))
      .toString('base64'),
  }));

  return {
    registryDir,
    async run(values) {
      const response = await postJson(
        port,
        '/api/scaffolder/v2/dry-run',
        { template, values, directoryContents },
        { authorization: mockCredentials.service.header() },
      );
      const body: any = response.body;
      const files = new Map<string, string>();
      for (const file of body.directoryContents ?? []) {
        files.set(
          file.path,
          Buffer.from(file.base64Content, 'base64').toString('utf8'),
        );
      }
      const steps: Record<string, string> = {};
      const log: string[] = [];
      for (const entry of body.log ?? []) {
        const { stepId, status, message } = entry.body ?? {};
        if (stepId && status) steps[stepId] = status;
        if (message) log.push(`${stepId ?? '-'}: ${message}`);
      }
      return { status: response.status, files, steps, log, body };
    },
    async stop() {
      await backend.stop();
      fs.rmSync(registryDir, { recursive: true, force: true });
    },
  };
}
