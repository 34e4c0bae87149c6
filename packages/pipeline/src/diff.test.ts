import { diffAssemblies, diffMarkdown } from './diff';
import { assemblyOf, registry, withoutSpoke, withSpoke } from './__testUtils__';

describe('diffAssemblies', () => {
  it('finds no stack change between identical synths', () => {
    expect(diffAssemblies(assemblyOf(registry), assemblyOf(registry))).toEqual(
      [],
    );
    expect(diffMarkdown([])).toContain('No stack changes.');
  });

  it('names new, changed and removed stacks with counts, and calls out deletions', () => {
    const head = withSpoke('qa', '555566667777', 'non-prod', '10.4.0.0/16');
    const added = diffAssemblies(assemblyOf(registry), assemblyOf(head));
    expect(added.map(d => [d.stackName, d.status, d.added, d.removed])).toEqual(
      [
        ['platform-hub', 'changed', 1, 0],
        ['platform-spoke-qa', 'new', 3, 0],
      ],
    );
    const after = withoutSpoke('dev');
    const removed = diffAssemblies(assemblyOf(registry), assemblyOf(after));
    expect(removed.map(d => [d.stackName, d.status])).toEqual([
      ['platform-hub', 'changed'],
      ['platform-spoke-dev', 'removed'],
    ]);
    const md = diffMarkdown(removed);
    expect(md).toContain(
      '- `platform-spoke-dev` is deleted with all 3 resources',
    );
    expect(md).toContain(
      '- `platform-hub` AWS::SQS::Queue `Sharedev`: WILL_DESTROY',
    );
  });
});
