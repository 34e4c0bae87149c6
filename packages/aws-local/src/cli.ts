import {
  findRegistryDir,
  loadRegistry,
} from '@internal/plugin-platform-common/node';
import { start } from './server';

/**
 * The `aws-local` command: seeds from the platform registry and serves on
 * 127.0.0.1:4566 until SIGINT/SIGTERM. Logs one line per AWS request.
 */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const port = Number(env.AWS_LOCAL_PORT ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `AWS_LOCAL_PORT must be a port number, got ${env.AWS_LOCAL_PORT}`,
    );
  }
  const host = env.AWS_LOCAL_HOST ?? '127.0.0.1';
  // PLATFORM_REGISTRY_DIR, else infra/config found upwards.
  const registryDir = findRegistryDir();
  const registry = loadRegistry(registryDir);
  const aws = await start({
    port,
    host,
    // Read again by the control API's reset and spoke seed: a spoke file added to
    // the folder since start is then served too.
    registry: () => loadRegistry(registryDir),
    defaultAccount: env.AWS_LOCAL_DEFAULT_ACCOUNT,
    portalExternalId: env.AWS_LOCAL_PORTAL_EXTERNAL_ID || undefined,
    log: line => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(
    `aws-local listening on ${aws.url}: hub ${registry.hub.account}, ` +
      `${registry.spokes.length} spokes (${registry.spokes
        .map(s => s.name)
        .join(', ')}). Point the SDK at it with AWS_ENDPOINT_URL=${aws.url}\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`aws-local stopping on ${signal}\n`);
    aws.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
