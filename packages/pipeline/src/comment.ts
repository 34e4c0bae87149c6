import { Octokit } from '@octokit/rest';

/** Every plan comment starts with this, so the next push finds and edits it. */
export const PLAN_MARKER = '<!-- platform-plan -->';

/** GitHub refuses comment bodies longer than this. */
export const MAX_COMMENT_CHARS = 65536;

/** Where the comment goes. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
}

/** What {@link upsertPlanComment} did. */
export interface UpsertResult {
  readonly action: 'created' | 'updated';
  readonly commentId: number;
  readonly url: string;
}

/** Prefixes the marker and keeps the body under GitHub's limit. */
export function planCommentBody(markdown: string): string {
  const body = `${PLAN_MARKER}\n${markdown.trim()}\n`;
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note =
    '\n\n_Shortened to fit a GitHub comment; the full plan is in the run summary._\n';
  return body.slice(0, MAX_COMMENT_CHARS - note.length) + note;
}

/**
 * Creates the plan comment on a pull request, or edits the one already there (the
 * first comment starting with {@link PLAN_MARKER}), so each push updates a single
 * comment instead of adding one. Pages through every comment of the pull request.
 */
export async function upsertPlanComment(
  octokit: Octokit,
  pr: PullRequestRef,
  markdown: string,
): Promise<UpsertResult> {
  const body = planCommentBody(markdown);
  let existing: { id: number } | undefined;
  for (let page = 1; !existing; page++) {
    const { data } = await octokit.rest.issues.listComments({
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.pullNumber,
      per_page: 100,
      page,
    });
    existing = data.find(c => c.body?.startsWith(PLAN_MARKER));
    if (data.length < 100) break;
  }
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner: pr.owner,
      repo: pr.repo,
      comment_id: existing.id,
      body,
    });
    return { action: 'updated', commentId: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.pullNumber,
    body,
  });
  return { action: 'created', commentId: data.id, url: data.html_url };
}
