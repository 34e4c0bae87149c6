import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtures } from './fixtures';
import { loadServices, readServiceFiles } from './node';

describe('loadServices', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'services-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('returns no services when the folder is absent', () => {
    expect(readServiceFiles(tmp)).toEqual([]);
    expect(loadServices(fixtures.registry(), tmp)).toEqual([]);
  });

  it('reads services/*.yaml and checks them against the registry', () => {
    fs.mkdirSync(path.join(tmp, 'services'));
    fs.writeFileSync(
      path.join(tmp, 'services', 'phl-store.yaml'),
      'name: phl-store\nowner: group:default/storefront-team\nenvironments: [dev]\n',
    );
    fs.writeFileSync(path.join(tmp, 'services', 'notes.txt'), 'ignored');
    expect(loadServices(fixtures.registry(), tmp)).toEqual([
      {
        name: 'phl-store',
        owner: 'group:default/storefront-team',
        environments: ['dev'],
      },
    ]);
  });

  it('fails naming the file when a service targets an unknown spoke', () => {
    fs.mkdirSync(path.join(tmp, 'services'));
    fs.writeFileSync(
      path.join(tmp, 'services', 'api.yaml'),
      'name: api\nowner: group:default/a\nenvironments: [qa]\n',
    );
    expect(() => loadServices(fixtures.registry(), tmp)).toThrow(
      /services\/api\.yaml: environments\.0 \[known-spoke\]/,
    );
  });
});
