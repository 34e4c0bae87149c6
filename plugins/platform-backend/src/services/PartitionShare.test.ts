import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { DatabaseReplicas } from '../db/Replicas';
import { PartitionShare } from './PartitionShare';

/** Replicas seen by heartbeat, in memory. */
function memoryReplicas() {
  const seen = new Map<string, number>();
  const replicas = {
    async heartbeat(id: string, at: number) {
      seen.set(id, at);
    },
    async countAlive(since: number) {
      return [...seen.values()].filter(at => at >= since).length;
    },
    async leave(id: string) {
      seen.delete(id);
    },
    async forget() {},
  };
  return { seen, replicas: replicas as unknown as DatabaseReplicas };
}

function setup(partitions: number) {
  const { seen, replicas } = memoryReplicas();
  const clock = { now: 1_000_000 };
  const trigger = jest.fn(async (_id: string) => {});
  const slept: number[] = [];
  const share = new PartitionShare({
    replicas,
    id: 'me',
    partitions,
    trigger,
    logger: mockServices.logger.mock(),
    heartbeatMs: 10_000,
    now: () => clock.now,
    sleep: async ms => {
      slept.push(ms);
    },
  });
  return { share, seen, clock, trigger, slept };
}

/** A run that holds its partition until let go. */
function holding() {
  let release = () => {};
  const done = new Promise<void>(r => {
    release = r;
  });
  const fn = jest.fn(() => done);
  return { fn, release };
}

describe('PartitionShare', () => {
  it('runs every partition on a replica alone', async () => {
    const { share, trigger } = setup(4);
    await share.start();
    const runs = Array.from({ length: 4 }, holding);
    const started = runs.map((r, i) => share.run(`t${i}`, r.fn));
    await new Promise(r => setImmediate(r));
    expect(runs.map(r => r.fn.mock.calls.length)).toEqual([1, 1, 1, 1]);
    runs.forEach(r => r.release());
    await Promise.all(started);
    expect(trigger).not.toHaveBeenCalled();
    await share.stop();
  });

  it('keeps its share with two replicas alive and hands the next partition back', async () => {
    const { share, seen, clock, trigger } = setup(4);
    await share.start();
    seen.set('other', clock.now);
    const runs = Array.from({ length: 3 }, holding);
    const started = runs.map((r, i) => share.run(`t${i}`, r.fn));
    await new Promise(r => setImmediate(r));
    // Two of four partitions each: the third is not run here but triggered again.
    expect(runs.map(r => r.fn.mock.calls.length)).toEqual([1, 1, 0]);
    await started[2];
    await new Promise(r => setImmediate(r));
    expect(trigger).toHaveBeenCalledWith('t2');
    // The other replica stopped beating three heartbeats ago: alone again.
    clock.now += 30_001;
    const more = holding();
    const fourth = share.run('t3', more.fn);
    await new Promise(r => setImmediate(r));
    expect(more.fn).toHaveBeenCalled();
    [...runs, more].forEach(r => r.release());
    await Promise.all([...started, fourth]);
    await share.stop();
    expect(seen.has('me')).toBe(false);
  });

  it('triggers a handed-back task again once the scheduler has released it', async () => {
    const { share, seen, clock, trigger, slept } = setup(1);
    await share.start();
    seen.set('other', clock.now);
    trigger
      .mockRejectedValueOnce(new ConflictError('Task t1 is currently running'))
      .mockRejectedValueOnce(new ConflictError('Task t1 is currently running'));
    const first = holding();
    const running = share.run('t0', first.fn);
    await new Promise(r => setImmediate(r));
    await share.run('t1', async () => {
      throw new Error('not run: over its share');
    });
    for (let i = 0; i < 10 && trigger.mock.calls.length < 3; i++) {
      await new Promise(r => setImmediate(r));
    }
    expect(trigger.mock.calls).toEqual([['t1'], ['t1'], ['t1']]);
    expect(slept).toEqual([25, 50, 75]);
    first.release();
    await running;
    await share.stop();
  });
});
