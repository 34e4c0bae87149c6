import * as path from 'path';

/** The repository's New service template folder. */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../../../templates/new-service',
);

/** The committed sample registry (hub, dev, staging, prod). */
export const SAMPLE_REGISTRY_DIR = path.resolve(
  __dirname,
  '../../../../../../infra/config',
);

/** The platform repository the tests configure (`platform.repository`). */
export const PLATFORM_REPOSITORY = {
  url: 'https://github.com/piksel-ina/piksel-platform',
  repoUrl: 'github.com?owner=piksel-ina&repo=piksel-platform',
  registryPath: 'infra/config',
};
