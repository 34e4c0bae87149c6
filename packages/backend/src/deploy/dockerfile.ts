/*
 * Just enough of the Dockerfile and .dockerignore formats to check the portal image
 * without a Docker engine: instructions (with line continuations and JSON or shell
 * form arguments), stages, and Docker's exclusion rules.
 */

/** One instruction, e.g. `COPY --chown=node:node a b ./`. */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... */
  readonly keyword: string;
  /** Everything after the keyword, continuations joined. */
  readonly args: string;
  /** 1-based line the instruction starts on. */
  readonly line: number;
}

/** The instructions of one `FROM` to the next. */
export interface Stage {
  readonly name?: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into instructions; comments and blank lines are dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let current = lines[i].trim();
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i].trim();
      if (next.startsWith('#')) {
        current = `${current.slice(0, -1)}\\`;
        continue;
      }
      current = `${current.slice(0, -1).trimEnd()} ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(current);
    if (!match) continue;
    instructions.push({
      keyword: match[1].toUpperCase(),
      args: match[2],
      line: start + 1,
    });
  }
  return instructions;
}

/** Groups instructions by stage; instructions before the first FROM (ARG) are dropped. */
export function stages(instructions: Instruction[]): Stage[] {
  const result: { name?: string; from: string; instructions: Instruction[] }[] =
    [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      result.push({
        from: image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else if (result.length > 0) {
      result[result.length - 1].instructions.push(instruction);
    }
  }
  return result;
}

/** The words of an instruction's arguments: JSON (exec) form or whitespace-separated. */
export function words(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.some(w => typeof w !== 'string')) {
      throw new Error(`not a JSON array of strings: ${args}`);
    }
    return parsed;
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

/** A COPY or ADD: its flags, sources and destination. */
export interface Copy {
  readonly flags: Record<string, string>;
  readonly sources: string[];
  readonly destination: string;
  readonly line: number;
}

export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter(i => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map(i => {
      const all = words(i.args);
      const flags: Record<string, string> = {};
      while (all.length > 0 && all[0].startsWith('--')) {
        const [key, value = ''] = all.shift()!.slice(2).split('=');
        flags[key] = value;
      }
      if (all.length < 2) {
        throw new Error(
          `line ${i.line}: COPY needs a source and a destination`,
        );
      }
      const destination = all.pop()!;
      return { flags, sources: all, destination, line: i.line };
    });
}

/** A glob (`*`, `?`, `**`) as a regular expression over slash-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/**
 * Whether Docker sends `file` (relative to the context root) to the build, following
 * .dockerignore: the last rule that matches the path or one of its parent folders wins,
 * `!` rules re-include.
 */
export function isInContext(file: string, dockerignore: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
    .map(l => {
      const negated = l.startsWith('!');
      const pattern = (negated ? l.slice(1) : l)
        .trim()
        .replace(/^\.?\//, '')
        .replace(/\/$/, '');
      return { negated, pattern: globToRegExp(pattern) };
    });
  const parts = file.replace(/^\.?\//, '').split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let included = true;
  for (const rule of rules) {
    if (prefixes.some(p => rule.pattern.test(p))) included = rule.negated;
  }
  return included;
}
