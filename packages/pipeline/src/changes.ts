/**
 * From the files a pull request (or a push) changes to the checks it needs. Pure:
 * the workflow passes `git diff --name-status <base> <head>`.
 */

/** One changed path with git's status letter (A added, M modified, D deleted, R renamed). */
export interface ChangedFile {
  readonly status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  readonly path: string;
  /** The old path of a rename or copy. */
  readonly from?: string;
}

/** What a change needs checked, and what it does to the registry. */
export interface ChangeSummary {
  /** Synthesize the CDK app (with validation and cdk-nag) and diff its stacks. */
  readonly synth: boolean;
  /** Chart folders to lint, render and validate (`charts/<name>`). */
  readonly charts: string[];
  /** Lint the workflows. */
  readonly workflows: boolean;
  /** Spoke files added, changed and deleted, by spoke name. */
  readonly spokes: {
    readonly added: string[];
    readonly changed: string[];
    readonly removed: string[];
  };
  /** Service files (`infra/config/services/<name>.yaml`) touched, by service name. */
  readonly services: string[];
  readonly files: readonly ChangedFile[];
}

/**
 * Parses `git diff --name-status` output (tab-separated; renames carry a score,
 * `R100`). Plain paths (`--name-only`) are read as modified.
 */
export function parseNameStatus(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const parts = line.split('\t');
    if (parts.length === 1) {
      files.push({ status: 'M', path: parts[0].trim() });
      return;
    }
    const letter = parts[0].charAt(0);
    if (!'AMDRCT'.includes(letter) || !letter) {
      throw new Error(
        `changed files line ${i + 1}: status '${
          parts[0]
        }' is not one of A, M, D, R, C, T`,
      );
    }
    if ((letter === 'R' || letter === 'C') && parts.length === 3) {
      files.push({
        status: letter as ChangedFile['status'],
        from: parts[1],
        path: parts[2],
      });
    } else {
      files.push({
        status: letter as ChangedFile['status'],
        path: parts[1],
      });
    }
  });
  return files;
}

const SPOKE_FILE = /^infra\/config\/spokes\/([a-z0-9-]+)\.ya?ml$/;
const SERVICE_FILE = /^infra\/config\/services\/([a-z0-9-]+)\.ya?ml$/;
const CHART_FILE = /^charts\/([^/]+)\//;

/** Paths whose change can alter the synthesized stacks. */
function affectsSynth(p: string): boolean {
  return (
    p.startsWith('infra/') ||
    p.startsWith('plugins/platform-common/') ||
    p === 'package.json' ||
    p === 'yarn.lock'
  );
}

/** Paths whose change alters the pipeline itself, so every check runs. */
function affectsPipeline(p: string): boolean {
  return p.startsWith('packages/pipeline/') || p.startsWith('.github/');
}

/** Summarises a set of changed files into the checks to run. */
export function summarizeChanges(files: readonly ChangedFile[]): ChangeSummary {
  const added = new Set<string>();
  const changed = new Set<string>();
  const removed = new Set<string>();
  const services = new Set<string>();
  const charts = new Set<string>();
  let synth = false;
  let workflows = false;
  let pipeline = false;

  const touch = (p: string, status: ChangedFile['status']) => {
    if (affectsSynth(p)) synth = true;
    if (affectsPipeline(p)) pipeline = true;
    if (p.startsWith('.github/workflows/')) workflows = true;
    const spoke = SPOKE_FILE.exec(p);
    if (spoke) {
      if (status === 'A') added.add(spoke[1]);
      else if (status === 'D') removed.add(spoke[1]);
      else changed.add(spoke[1]);
    }
    const service = SERVICE_FILE.exec(p);
    if (service) services.add(service[1]);
    const chart = CHART_FILE.exec(p);
    if (chart && status !== 'D') charts.add(`charts/${chart[1]}`);
  };
  for (const f of files) {
    if (f.from) touch(f.from, 'D');
    touch(f.path, f.from ? 'A' : f.status);
  }
  // A spoke file deleted and re-added under the same name is a change.
  for (const name of [...added]) {
    if (removed.has(name)) {
      added.delete(name);
      removed.delete(name);
      changed.add(name);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    synth: synth || pipeline,
    charts: sorted(charts),
    workflows: workflows || pipeline,
    spokes: {
      added: sorted(added),
      changed: sorted(changed),
      removed: sorted(removed),
    },
    services: sorted(services),
    files,
  };
}
