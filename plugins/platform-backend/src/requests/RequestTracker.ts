import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { PLATFORM_REQUEST_NOTIFICATION_TOPIC } from '@internal/plugin-platform-common';
import { PortalFacts } from './facts';
import {
  GithubRateLimitError,
  GithubRequestsApi,
  GithubUnavailableError,
} from './github/GithubClient';
import { planNotifications } from './notifications';
import { observePull } from './observe';
import { NewRequest, RequestStore, TrackedRequest } from './RequestStore';
import { changedForPages } from './signals';
import { describeRequest } from './timeline';

/** The portal's own evidence about an entity: in the catalog, and its spokes' health. */
export type PortalEvidence = (
  entityRef: string,
) => Promise<Omit<PortalFacts, 'checkedAt'> & { owner?: string }>;

export interface TrackerIntervals {
  /** How often an open request is polled when no webhooks arrive. */
  pollMs: number;
  /** How often it is polled anyway when webhooks are configured (a safety net). */
  webhookPollMs: number;
  /** Longest wait after repeated failures. */
  maxBackoffMs: number;
}

export const DEFAULT_INTERVALS: TrackerIntervals = {
  pollMs: 2 * 60_000,
  webhookPollMs: 30 * 60_000,
  maxBackoffMs: 30 * 60_000,
};

/** A GitHub webhook event as the events system delivers it (topic `github.<event>`). */
export interface GithubEvent {
  topic: string;
  payload: any;
}

/**
 * Follows tracked requests: refreshes one from GitHub and the portal, stores the facts
 * and the computed stage, sends the notifications a change calls for, and decides
 * when to look again. Polling picks due requests; webhooks refresh the matching
 * requests at once.
 */
export class RequestTracker {
  /** Nothing is asked of GitHub before this (a spent rate limit). */
  private pausedUntil = 0;

  constructor(
    private readonly options: {
      store: RequestStore;
      github: GithubRequestsApi;
      portal: PortalEvidence;
      notifications?: NotificationService;
      logger: LoggerService;
      now?: () => Date;
      intervals?: Partial<TrackerIntervals>;
      webhooks: boolean;
      /** Link of a request's page, for notifications. */
      requestLink?: (id: string) => string;
      /** Link of the entity's page, for the timeline's last step. */
      entityLink?: (entityRef: string) => string | undefined;
      /** Told when requests appeared or changed what their pages show (open pages refetch). */
      onChange?: (requests: TrackedRequest[]) => Promise<void>;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get intervals(): TrackerIntervals {
    return { ...DEFAULT_INTERVALS, ...this.options.intervals };
  }

  /** When GitHub may be asked again, when a rate limit paused the tracker. */
  get rateLimitedUntil(): Date | undefined {
    return this.pausedUntil > this.now().getTime()
      ? new Date(this.pausedUntil)
      : undefined;
  }

  async track(input: NewRequest): Promise<TrackedRequest> {
    const { request, created } = await this.options.store.create(
      input,
      this.now(),
    );
    if (created) {
      // The first look right away, so the page shows the pull request; a failure
      // here leaves the request due for the poller.
      await this.look(request).catch(e =>
        this.options.logger.warn(
          `First look at ${request.repository}#${request.number} failed: ${e}`,
        ),
      );
    }
    const stored = (await this.options.store.get(request.id))!;
    if (created) await this.announce(stored);
    return stored;
  }

  /** Refreshes every due request; stops early when GitHub's rate limit is spent. */
  async pollDue(limit = 100): Promise<{ refreshed: number }> {
    let refreshed = 0;
    for (const request of await this.options.store.due(this.now(), limit)) {
      if (this.rateLimitedUntil) break;
      await this.refresh(request);
      refreshed += 1;
    }
    return { refreshed };
  }

  /** A GitHub webhook: refresh the requests it concerns now. */
  async handleEvent(event: GithubEvent): Promise<number> {
    const matches = await this.matchEvent(event);
    for (const request of matches) {
      if (this.rateLimitedUntil) {
        // Looked at once the limit resets; the request stays due.
        await this.options.store.update(
          request.id,
          { nextPollAt: new Date(this.pausedUntil) },
          this.now(),
        );
        continue;
      }
      await this.refresh(request);
    }
    return matches.length;
  }

  private async matchEvent(event: GithubEvent): Promise<TrackedRequest[]> {
    const { store } = this.options;
    const p = event.payload ?? {};
    const fullName: string | undefined = p.repository?.full_name;
    const htmlUrl: string | undefined = p.repository?.html_url;
    if (!fullName || !htmlUrl) return [];
    let host: string;
    try {
      host = new URL(htmlUrl).host.toLocaleLowerCase('en-US');
    } catch {
      return [];
    }
    const repository = fullName.toLocaleLowerCase('en-US');
    const found = new Map<string, TrackedRequest>();
    const byNumber = async (n: unknown) => {
      if (typeof n !== 'number') return;
      const r = await store.findByPull(host, repository, n);
      if (r && !r.ended) found.set(r.id, r);
    };
    const bySha = async (sha: unknown) => {
      if (typeof sha !== 'string') return;
      for (const r of await store.findBySha(host, repository, sha)) {
        found.set(r.id, r);
      }
    };
    switch (event.topic) {
      case 'github.pull_request':
      case 'github.pull_request_review':
        await byNumber(p.pull_request?.number);
        break;
      case 'github.check_run':
        for (const pr of p.check_run?.pull_requests ?? []) {
          await byNumber(pr?.number);
        }
        await bySha(p.check_run?.head_sha);
        break;
      case 'github.workflow_run':
        await bySha(p.workflow_run?.head_sha);
        break;
      default:
        break;
    }
    return [...found.values()];
  }

  /**
   * Looks at one request now. GitHub errors never drop it: a spent rate limit pauses
   * the tracker until GitHub's reset time, other failures back off exponentially.
   */
  async refresh(request: TrackedRequest): Promise<TrackedRequest> {
    const { request: after, written } = await this.look(request);
    if (written && changedForPages(request, after)) await this.announce(after);
    return after;
  }

  /** Tells open pages, never failing the look that changed the request. */
  private async announce(request: TrackedRequest): Promise<void> {
    const { onChange, logger } = this.options;
    if (!onChange) return;
    await Promise.resolve()
      .then(() => onChange([request]))
      .catch(e =>
        logger.warn(
          `Could not signal the change of request ${request.id}: ${e}`,
        ),
      );
  }

  /** {@link refresh} without telling pages; `written` when this look stored the result. */
  private async look(
    request: TrackedRequest,
  ): Promise<{ request: TrackedRequest; written: boolean }> {
    const { store, github, logger } = this.options;
    const now = this.now();
    const [owner, repo] = request.repository.split('/');
    let facts = request.facts;
    let cache = request.cache;
    try {
      // After a successful deploy GitHub has nothing more to say: only the portal's
      // evidence is read, which costs no GitHub requests.
      const before = describeRequest(facts, now);
      if (!before.deployFinished) {
        ({ facts, cache } = await observePull({
          github,
          repo: { host: request.host, owner, repo },
          number: request.number,
          facts,
          cache,
          now,
        }));
      }
    } catch (e) {
      let nextPollAt: Date;
      if (e instanceof GithubRateLimitError) {
        this.pausedUntil = Math.max(this.pausedUntil, e.retryAt.getTime());
        nextPollAt = new Date(this.pausedUntil);
        logger.warn(`GitHub rate limit: requests paused. ${e.message}`);
      } else if (e instanceof GithubUnavailableError) {
        const delay = Math.min(
          this.intervals.pollMs * 2 ** request.attempts,
          this.intervals.maxBackoffMs,
        );
        nextPollAt = new Date(now.getTime() + delay);
        logger.warn(
          `Could not read ${request.repository}#${request.number}: ${
            e.message
          }; next try ${nextPollAt.toISOString()}`,
        );
      } else {
        throw e;
      }
      await store.update(
        request.id,
        { attempts: request.attempts + 1, nextPollAt },
        now,
      );
      // Only when to look again changed: nothing the pages show.
      return { request: (await store.get(request.id))!, written: false };
    }

    let ownerRef = request.owner;
    let description = describeRequest(facts, now);
    if (description.deployFinished) {
      const evidence = await this.options.portal(request.entityRef);
      ownerRef ??= evidence.owner;
      facts = {
        ...facts,
        portal: {
          inCatalog: evidence.inCatalog,
          spokes: evidence.spokes,
          checkedAt: now.toISOString(),
        },
      };
      description = describeRequest(facts, now);
    }

    const sent = new Set(request.notified);
    const planned = planNotifications({
      entityRef: request.entityRef,
      requester: request.requester,
      owner: ownerRef,
      next: description,
      alreadySent: sent,
    });

    const interval = this.options.webhooks
      ? this.intervals.webhookPollMs
      : this.intervals.pollMs;
    const written = await store.update(
      request.id,
      {
        owner: ownerRef,
        title: facts.pull?.title,
        stage: description.stage,
        ended: description.ended,
        endReason: description.endReason,
        stuck: description.stuck,
        failed: description.failed,
        headSha: facts.pull?.headSha,
        mergeSha: facts.pull?.mergeCommitSha,
        facts,
        cache,
        notified: [...sent, ...planned.map(n => n.key)],
        // Portal evidence changes without webhooks: poll it on the short interval.
        nextPollAt: new Date(
          now.getTime() +
            (description.deployFinished ? this.intervals.pollMs : interval),
        ),
        attempts: 0,
        observedAt: now,
      },
      now,
      request.version,
    );
    // Another replica (a webhook, the poller) wrote it meanwhile: its write stands,
    // and it sent the notifications its change called for.
    if (written) await this.notify(request, planned);
    return { request: (await store.get(request.id))!, written };
  }

  private async notify(
    request: TrackedRequest,
    planned: ReturnType<typeof planNotifications>,
  ) {
    const { notifications, logger } = this.options;
    if (!notifications) return;
    for (const n of planned) {
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: n.recipients },
          payload: {
            title: n.title,
            description: n.description,
            link: this.options.requestLink?.(request.id),
            severity: n.severity,
            topic: PLATFORM_REQUEST_NOTIFICATION_TOPIC,
          },
        });
      } catch (e) {
        // Recorded as sent either way: a notification is not worth a retry storm.
        logger.warn(`Could not send notification ${n.key}: ${e}`);
      }
    }
  }
}
