import { parseNameStatus, summarizeChanges } from './changes';

describe('changed files', () => {
  it('reads git name-status output, renames included', () => {
    expect(
      parseNameStatus(
        'A\tinfra/config/spokes/qa.yaml\nM\tREADME.md\nR100\tcharts/a/x.yaml\tcharts/b/x.yaml\n',
      ),
    ).toEqual([
      { status: 'A', path: 'infra/config/spokes/qa.yaml' },
      { status: 'M', path: 'README.md' },
      { status: 'R', from: 'charts/a/x.yaml', path: 'charts/b/x.yaml' },
    ]);
  });

  it('names the line and the rule for a status it does not know', () => {
    expect(() => parseNameStatus('M\ta\nX\tb')).toThrow(
      "changed files line 2: status 'X' is not one of A, M, D, R, C, T",
    );
  });

  it('checks only the chart for a PR touching only a service chart', () => {
    const summary = summarizeChanges(
      parseNameStatus(
        'M\tcharts/orders/values.yaml\nM\tcharts/orders/templates/deployment.yaml',
      ),
    );
    expect(summary).toMatchObject({
      synth: false,
      workflows: false,
      charts: ['charts/orders'],
      spokes: { added: [], changed: [], removed: [] },
    });
  });

  it('synthesizes and names the spokes for registry changes', () => {
    const summary = summarizeChanges(
      parseNameStatus(
        'A\tinfra/config/spokes/qa.yaml\nD\tinfra/config/spokes/staging.yaml\nM\tinfra/config/spokes/dev.yaml\nA\tinfra/config/services/orders.yaml',
      ),
    );
    expect(summary).toMatchObject({
      synth: true,
      charts: [],
      spokes: { added: ['qa'], changed: ['dev'], removed: ['staging'] },
      services: ['orders'],
    });
  });

  it('runs every check when the pipeline or a workflow changes', () => {
    expect(
      summarizeChanges(
        parseNameStatus('M\t.github/workflows/platform-pr.yaml'),
      ),
    ).toMatchObject({ synth: true, workflows: true });
    expect(
      summarizeChanges(parseNameStatus('M\tpackages/pipeline/src/plan.ts')),
    ).toMatchObject({ synth: true, workflows: true });
  });
});
