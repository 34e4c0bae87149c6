import { CacheService } from '@backstage/backend-plugin-api';
import { LastGoodRegistry } from '../lib/acceptRegistry';
import { deserializeLastGood, serializeLastGood } from '../lib/lastGoodState';

/**
 * Where the provider keeps the last good version of each registry file between
 * runs, so that a restart or another replica still has it.
 */
export interface LastGoodStore {
  /** The stored state, or undefined when there is none. May throw; callers treat that as none. */
  load(): Promise<LastGoodRegistry | undefined>;
  save(state: LastGoodRegistry): Promise<void>;
}

/** Seven days. Every run saves again, so the entry only expires when the provider stops running. */
const TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Keeps the last good state in Backstage's cache service: shared by all replicas when
 * the cache is Redis (app-config.redis.yaml), per process with the memory cache.
 */
export class CacheLastGoodStore implements LastGoodStore {
  constructor(
    private readonly cache: CacheService,
    private readonly key: string,
  ) {}

  async load(): Promise<LastGoodRegistry | undefined> {
    return deserializeLastGood(await this.cache.get(this.key));
  }

  async save(state: LastGoodRegistry): Promise<void> {
    await this.cache.set(this.key, serializeLastGood(state), { ttl: TTL_MS });
  }
}
