/*
 * A production start must fail on a missing variable and say which one. Backstage's
 * config loader turns an unset `${VAR}` into an absent value, and with layered files
 * an absent value silently falls back to the base file's (127.0.0.1, SQLite, ...).
 * So before the backend loads its config, every `${VAR}` the layered files name is
 * checked; optional values are written `${VAR:-}` or `${VAR:-default}`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One `${VAR}` without a fallback, and the file that names it. */
export interface VariableReference {
  name: string;
  file: string;
}

// `$${X}` is an escaped literal; `${X:-...}` has a fallback.
const REFERENCE = /(\$?)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(:-[^}]*)?\}/g;

/** The required variables a config file's text names, in order, without repeats. */
export function requiredVariables(
  text: string,
  file: string,
): VariableReference[] {
  const found = new Map<string, VariableReference>();
  for (const line of text.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const match of code.matchAll(REFERENCE)) {
      const [, escape, name, fallback] = match;
      if (escape || fallback !== undefined) continue;
      if (!found.has(name)) found.set(name, { name, file });
    }
  }
  return [...found.values()];
}

/** The `--config` files of a backend command line (`--config x` and `--config=x`). */
export function configFilesFromArgv(argv: string[]): string[] {
  const files: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--config' && argv[i + 1]) files.push(argv[i + 1]);
    else if (arg.startsWith('--config='))
      files.push(arg.slice('--config='.length));
  });
  return files.filter(f => !/^https?:\/\//.test(f));
}

/** The references among `refs` whose variable is unset or empty in `env`. */
export function missingVariables(
  refs: VariableReference[],
  env: Record<string, string | undefined>,
): VariableReference[] {
  const seen = new Set<string>();
  return refs.filter(ref => {
    if (seen.has(ref.name)) return false;
    seen.add(ref.name);
    return !env[ref.name]?.trim();
  });
}

/** The error a production start stops with; names each variable and its file. */
export function missingVariablesMessage(missing: VariableReference[]): string {
  return [
    `Missing required environment variable${
      missing.length > 1 ? 's' : ''
    } for a production start:`,
    ...missing.map(m => `  ${m.name} (named in ${m.file})`),
    'Set them, or write ${NAME:-} in the config file if the value is optional.',
  ].join('\n');
}

/**
 * Throws when NODE_ENV is production and a `${VAR}` of the given config files (the
 * command line's, else ./app-config.yaml) is unset or empty.
 */
export function assertProductionEnvironment(options: {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
}): void {
  if (options.env.NODE_ENV !== 'production') return;
  const given = configFilesFromArgv(options.argv);
  const files = given.length ? given : ['app-config.yaml'];
  const refs = files.flatMap(file => {
    const absolute = path.resolve(options.cwd, file);
    if (!fs.existsSync(absolute)) return [];
    return requiredVariables(fs.readFileSync(absolute, 'utf8'), file);
  });
  const missing = missingVariables(refs, options.env);
  if (missing.length) throw new Error(missingVariablesMessage(missing));
}
