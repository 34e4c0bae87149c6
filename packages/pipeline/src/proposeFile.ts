import { Octokit } from '@octokit/rest';

/** A change of registry files the pipeline proposes for review instead of committing it. */
export interface FileProposal {
  readonly owner: string;
  readonly repo: string;
  /** The branch the pull request targets (the default branch). */
  readonly base: string;
  /** The pipeline's own branch for this kind of change; reset on each proposal. */
  readonly branch: string;
  /** The files' whole new contents, by path. */
  readonly files: ReadonlyArray<{
    readonly path: string;
    readonly content: string;
  }>;
  readonly title: string;
  readonly body: string;
}

export type ProposalOutcome =
  | {
      readonly kind: 'opened' | 'updated';
      readonly number: number;
      readonly url: string;
    }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'closed'; readonly number: number; readonly url: string };

const isNotFound = (e: unknown) => (e as { status?: number })?.status === 404;

async function fileOn(
  octokit: Octokit,
  p: Pick<FileProposal, 'owner' | 'repo'>,
  file: string,
  ref: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.repos.getContent({
      owner: p.owner,
      repo: p.repo,
      path: file,
      ref,
    });
    if (Array.isArray(data) || data.type !== 'file') {
      throw new Error(`${file} on ${ref} is not a file`);
    }
    return Buffer.from(data.content ?? '', 'base64').toString('utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Proposes the files as one pull request from the pipeline's branch, never more
 * than one: the branch is reset to the base and holds a single commit, and an
 * open pull request from it is edited rather than duplicated. When the base
 * already holds every file as proposed, an open proposal is closed as no longer
 * needed.
 */
export async function proposeFile(
  octokit: Octokit,
  p: FileProposal,
): Promise<ProposalOutcome> {
  const { owner, repo } = p;
  const { data: open } = await octokit.pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:${p.branch}`,
    base: p.base,
    per_page: 1,
  });
  const existing = open[0];

  const changed: Array<{ path: string; content: string }> = [];
  for (const file of p.files) {
    if ((await fileOn(octokit, p, file.path, p.base)) !== file.content) {
      changed.push(file);
    }
  }
  if (!changed.length) {
    if (!existing) return { kind: 'unchanged' };
    await octokit.issues.createComment({
      owner,
      repo,
      issue_number: existing.number,
      body: `${p.base} already holds ${p.files
        .map(f => f.path)
        .join(', ')} as proposed; closing.`,
    });
    await octokit.pulls.update({
      owner,
      repo,
      pull_number: existing.number,
      state: 'closed',
    });
    return { kind: 'closed', number: existing.number, url: existing.html_url };
  }

  // The commit is made on top of the base first and the branch moved to it in one
  // step: a branch that pointed at the base even briefly would mark an open pull
  // request as merged.
  const { data: baseRef } = await octokit.git.getRef({
    owner,
    repo,
    ref: `heads/${p.base}`,
  });
  const { data: baseCommit } = await octokit.git.getCommit({
    owner,
    repo,
    commit_sha: baseRef.object.sha,
  });
  const { data: tree } = await octokit.git.createTree({
    owner,
    repo,
    base_tree: baseCommit.tree.sha,
    tree: changed.map(f => ({
      path: f.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: f.content,
    })),
  });
  const { data: commit } = await octokit.git.createCommit({
    owner,
    repo,
    message: p.title,
    tree: tree.sha,
    parents: [baseCommit.sha],
  });
  try {
    await octokit.git.updateRef({
      owner,
      repo,
      ref: `heads/${p.branch}`,
      sha: commit.sha,
      force: true,
    });
  } catch (e) {
    // GitHub answers 422 "Reference does not exist" for a missing branch.
    const status = (e as { status?: number })?.status;
    if (status !== 422 && status !== 404) throw e;
    await octokit.git.createRef({
      owner,
      repo,
      ref: `refs/heads/${p.branch}`,
      sha: commit.sha,
    });
  }

  if (existing) {
    await octokit.pulls.update({
      owner,
      repo,
      pull_number: existing.number,
      title: p.title,
      body: p.body,
    });
    return { kind: 'updated', number: existing.number, url: existing.html_url };
  }
  const { data: created } = await octokit.pulls.create({
    owner,
    repo,
    base: p.base,
    head: p.branch,
    title: p.title,
    body: p.body,
  });
  return { kind: 'opened', number: created.number, url: created.html_url };
}
