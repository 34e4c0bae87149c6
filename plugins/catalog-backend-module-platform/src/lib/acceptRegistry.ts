import {
  checkRegistryAcrossFiles,
  HUB_FILE,
  HubConfig,
  parseRegistryFile,
  RegistryEntry,
  RegistryAcrossFilesChecker,
  RegistryFile,
  RegistryIssue,
  SpokeConfig,
} from '@internal/plugin-platform-common';
import { RegistrySnapshot } from './registryEntities';

/** A file version the catalog accepted: its text (to tell whether it changed) and its config. */
export interface AcceptedFile<T> extends RegistryEntry<T> {
  content: string;
}

/** What the catalog showed after the last run; the fallback for files that break. */
export interface LastGoodRegistry {
  hub?: AcceptedFile<HubConfig>;
  spokes: AcceptedFile<SpokeConfig>[];
}

export const EMPTY_LAST_GOOD: LastGoodRegistry = { spokes: [] };

export interface AcceptedRegistry {
  /** What to emit; undefined while no valid hub has ever been read. */
  snapshot?: RegistrySnapshot;
  /** Every problem found, each naming its file, field and rule. */
  issues: RegistryIssue[];
  /** Files with problems whose last good version stands in for them. */
  keptLastGood: string[];
  /** Files with problems and no usable last good version: they emit nothing. */
  dropped: string[];
  /** The state to pass to the next run. */
  lastGood: LastGoodRegistry;
}

/** The hub field a cross-file rule is about, for clashes blamed on the hub. */
const HUB_FIELD_OF_RULE: Record<string, string> = {
  'same-region-as-hub': 'region',
  'known-zone': 'dns.privateZones',
  'cidr-overlap': 'network.cidr',
  'unique-account': 'account',
  'unique-name': 'name',
};

const SPOKE_FILE = /^spokes\/[^/]+\.ya?ml$/;

function byFile<T extends { file: string }>(a: T, b: T): number {
  if (a.file === b.file) return 0;
  return a.file < b.file ? -1 : 1;
}

function entry<T>({ file, config }: AcceptedFile<T>): RegistryEntry<T> {
  return { file, config };
}

/**
 * A changed hub is checked against the spokes that did not change; the clashes
 * are reported on the hub, which is what changed.
 */
function hubClashes(
  hub: AcceptedFile<HubConfig>,
  unchangedSpokes: AcceptedFile<SpokeConfig>[],
): RegistryIssue[] {
  return checkRegistryAcrossFiles(entry(hub), unchangedSpokes.map(entry)).map(
    issue => ({
      file: hub.file,
      field: HUB_FIELD_OF_RULE[issue.rule] ?? '',
      rule: issue.rule,
      message: `clashes with ${issue.file} ${issue.field}: ${issue.message}`,
    }),
  );
}

interface SpokeFile {
  file: string;
  content: string;
  candidate?: AcceptedFile<SpokeConfig>;
  previous?: AcceptedFile<SpokeConfig>;
}

/**
 * Decides which version of each registry file the catalog shows, so one broken
 * file never takes the others down:
 *
 * - a file that fails its own checks keeps its last good version; with none, it emits nothing;
 * - a missing `hub.yaml` is an error, not a removal: the last good hub stays;
 * - a removed spoke file is gone;
 * - cross-file clashes are blamed on what changed: a changed hub is checked against the
 *   unchanged spokes, then spokes are accepted in the order unchanged, changed, new
 *   (by path within each), each checked against the hub and the spokes before it.
 *
 * Pure: the caller keeps `lastGood` between runs.
 */
export function acceptRegistry(
  files: RegistryFile[],
  previous: LastGoodRegistry,
): AcceptedRegistry {
  const issues: RegistryIssue[] = [];
  const keptLastGood: string[] = [];
  const dropped: string[] = [];
  const previousSpokes = new Map(previous.spokes.map(s => [s.file, s]));

  let hubFile:
    | { content: string; candidate?: AcceptedFile<HubConfig> }
    | undefined;
  const spokeFiles: SpokeFile[] = [];
  for (const { content, ...rest } of files) {
    const parsed = parseRegistryFile({ ...rest, content });
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      if (parsed.file === HUB_FILE) hubFile = { content };
      else if (SPOKE_FILE.test(parsed.file)) {
        spokeFiles.push({
          file: parsed.file,
          content,
          previous: previousSpokes.get(parsed.file),
        });
      }
    } else if (parsed.kind === 'hub') {
      hubFile = { content, candidate: { ...parsed.entry, content } };
    } else {
      spokeFiles.push({
        file: parsed.entry.file,
        content,
        candidate: { ...parsed.entry, content },
        previous: previousSpokes.get(parsed.entry.file),
      });
    }
  }

  const isUnchanged = (s: SpokeFile) =>
    s.candidate !== undefined && s.previous?.content === s.content;

  let hub: AcceptedFile<HubConfig> | undefined;
  if (!hubFile) {
    issues.push({
      file: HUB_FILE,
      field: '',
      rule: 'required-file',
      message: 'the registry needs a hub file',
    });
  } else if (hubFile.candidate) {
    const clashes =
      hubFile.content === previous.hub?.content
        ? []
        : hubClashes(
            hubFile.candidate,
            spokeFiles.filter(isUnchanged).map(s => s.candidate!),
          );
    issues.push(...clashes);
    if (clashes.length === 0) hub = hubFile.candidate;
  }
  if (!hub && previous.hub) {
    hub = previous.hub;
    keptLastGood.push(HUB_FILE);
  }
  if (!hub) {
    return { issues, keptLastGood, dropped, lastGood: previous };
  }

  const rank = (s: SpokeFile) => {
    if (isUnchanged(s)) return 0;
    return s.previous ? 1 : 2;
  };
  const ordered = [...spokeFiles].sort(
    (a, b) => rank(a) - rank(b) || byFile(a, b),
  );
  // Unchanged spokes were accepted together with the hub (or the hub was just
  // checked against them), so they need no check again.
  const accepted = ordered.filter(isUnchanged).map(s => s.candidate!);
  const rest = ordered.filter(s => !isUnchanged(s));
  // The usual case, every other file valid and fitting: one check instead of one per file.
  const candidates = rest.flatMap(s => (s.candidate ? [s.candidate] : []));
  if (
    candidates.length === rest.length &&
    checkRegistryAcrossFiles(
      entry(hub),
      [...accepted, ...candidates].map(entry),
    ).length === 0
  ) {
    accepted.push(...candidates);
    rest.length = 0;
  }
  // Otherwise one file at a time against what is accepted so far, indexed so the
  // whole pass stays near-linear in the number of spokes.
  const checker = new RegistryAcrossFilesChecker(entry(hub));
  if (rest.length) for (const spoke of accepted) checker.accept(spoke);
  for (const spoke of rest) {
    if (spoke.candidate) {
      const clashes = checker.check(spoke.candidate);
      if (clashes.length === 0) {
        accepted.push(spoke.candidate);
        checker.accept(spoke.candidate);
        continue;
      }
      issues.push(...clashes);
    }
    const fallback = spoke.previous;
    if (fallback && fallback.content !== spoke.content) {
      const clashes = checker.check(fallback);
      if (clashes.length === 0) {
        accepted.push(fallback);
        checker.accept(fallback);
        keptLastGood.push(spoke.file);
        continue;
      }
      issues.push(
        ...clashes.map(i => ({
          ...i,
          message: `(last good version) ${i.message}`,
        })),
      );
    }
    dropped.push(spoke.file);
  }

  return {
    snapshot: {
      hub: entry(hub),
      spokes: [...accepted].sort(byFile).map(entry),
    },
    issues,
    keptLastGood,
    dropped,
    lastGood: { hub, spokes: accepted },
  };
}
