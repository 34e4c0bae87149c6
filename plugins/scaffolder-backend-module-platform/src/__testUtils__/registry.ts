import * as fs from 'fs';
import * as path from 'path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { fixtures } from '@internal/plugin-platform-common';
import { RegistrySource } from '../lib/RegistrySource';

type TaskUser = NonNullable<ActionContext<any>['user']>;

/** The platform team as the tests configure it. */
export const platformTeam = ['group:default/platform-team'];

/** A task user in the platform team (through a catalog relation). */
export const platformEngineer: TaskUser = {
  ref: 'user:default/ana',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ana', namespace: 'default' },
    spec: { memberOf: ['platform-team'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
  },
};

/** A task user outside the platform team. */
export const serviceDeveloper: TaskUser = {
  ref: 'user:default/citra',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'citra', namespace: 'default' },
    spec: { memberOf: ['payments-team'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments-team' }],
  },
};

/** Writes files (paths relative to `dir`) into `dir`, creating folders. */
export function writeFiles(
  dir: string,
  files: Array<{ path: string; content: string }>,
): void {
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
}

/**
 * A registry folder on disk holding the shared fixtures (hub `shared` 10.0.0.0/16
 * in 111122223333; dev 10.1, staging 10.2, prod 10.3 in 222233334444,
 * 333344445555, 444455556666). Call at describe level; `reset` before each test.
 */
export function fixtureRegistry() {
  const mock = createMockDirectory();
  return {
    dir: mock.path,
    source: RegistrySource.create({ registryDir: () => mock.path }),
    reset(): void {
      mock.clear();
      writeFiles(mock.path, fixtures.files());
    },
  };
}
