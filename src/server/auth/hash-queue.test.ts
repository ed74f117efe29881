import { describe, expect, it } from 'vitest';
import { QueueFullError, createHashQueue } from './hash-queue';

/** A task that runs until the test lets it finish, recording when it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (started.push(name), done.then(() => name)), finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('password hashing queue', () => {
  it(`runs at most "concurrency" at once, queues up to "maxWaiting" in order, and refuses the rest at once`, async () => {
    const queue = createHashQueue({ concurrency: 2, maxWaiting: 3 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((name) => gate(started, name));
    const results = gates.map((one) => queue.run(one.task));
    await expect(queue.run(gate(started, 'f').task)).rejects.toBeInstanceOf(QueueFullError);
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(queue.load()).toEqual({ running: 2, waiting: 3 });

    gates[1]!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    // A slot freed: one more may wait.
    const late = gate(started, 'g');
    const lateResult = queue.run(late.task);
    for (const one of gates) one.finish();
    await settle();
    late.finish();
    expect(await Promise.all([...results, lateResult])).toEqual(['a', 'b', 'c', 'd', 'e', 'g']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'g']);
    expect(queue.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('starts a known device’s check before the strangers waiting, in a lane of its own that a flood cannot fill', async () => {
    const queue = createHashQueue({ concurrency: 1, maxWaiting: 2 });
    const started: string[] = [];
    const running = gate(started, 'stranger-1');
    void queue.run(running.task);
    const waiting = [gate(started, 'stranger-2'), gate(started, 'stranger-3')];
    for (const one of waiting) void queue.run(one.task);
    await expect(queue.run(gate(started, 'stranger-4').task)).rejects.toBeInstanceOf(QueueFullError);

    const own = gate(started, 'own');
    const ownResult = queue.run(own.task, { first: true });
    running.finish();
    await settle();
    expect(started).toEqual(['stranger-1', 'own']);
    own.finish();
    expect(await ownResult).toBe('own');
    for (const one of waiting) one.finish();
  });

  it('frees the slot when a check fails', async () => {
    const queue = createHashQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
