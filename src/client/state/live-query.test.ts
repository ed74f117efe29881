import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announceChange } from '../data/changes';
import { PULL_REFRESH_MS, liveQuery, type LiveQuery } from './live-query';

/** A load that counts its runs and finishes only when the test says so. */
function gatedLoad() {
  const gates: (() => void)[] = [];
  let runs = 0;
  const load = () => {
    runs += 1;
    const run = runs;
    return new Promise<number>((resolve) => gates.push(() => resolve(run)));
  };
  return {
    load,
    runs: () => runs,
    /** Lets every run started so far finish, and waits for what they schedule. */
    async finish() {
      while (gates.length > 0) gates.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe('liveQuery', () => {
  let queries: LiveQuery<number>[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    queries.forEach((query) => query.dispose());
    queries = [];
    vi.useRealTimers();
  });
  const watch = (load: () => Promise<number>) => {
    const query = liveQuery(load, { entities: ['visit'] });
    queries.push(query);
    return query;
  };

  it('reads once more after a run for any number of changes made during it', async () => {
    const gate = gatedLoad();
    const query = watch(gate.load);
    for (let i = 0; i < 5; i++) announceChange({ entities: ['visit'] });
    expect(gate.runs()).toBe(1);
    await gate.finish();
    expect(gate.runs()).toBe(2);
    await gate.finish();
    expect(gate.runs()).toBe(2);
    // The last run read after every change: its value is the one shown.
    expect(query.data.value).toBe(2);
  });

  it('ignores writes to entities it does not read', async () => {
    const gate = gatedLoad();
    watch(gate.load);
    await gate.finish();
    announceChange({ entities: ['sessionRecord'] });
    await gate.finish();
    expect(gate.runs()).toBe(1);
  });

  it('waits for the last page of a pull once it has data, and reads once', async () => {
    const gate = gatedLoad();
    const query = watch(gate.load);
    await gate.finish();
    for (let page = 0; page < 4; page++) announceChange({ entities: ['visit'], more: true });
    await gate.finish();
    expect(gate.runs()).toBe(1);
    announceChange({ entities: ['visit', 'client'], more: false });
    await gate.finish();
    expect(gate.runs()).toBe(2);
    expect(query.data.value).toBe(2);
    // The timer set by the first page was cleared by the last one.
    await vi.advanceTimersByTimeAsync(PULL_REFRESH_MS * 2);
    await gate.finish();
    expect(gate.runs()).toBe(2);
  });

  it('shows the pages that landed after a second when a pull is slow or stops', async () => {
    const gate = gatedLoad();
    watch(gate.load);
    await gate.finish();
    announceChange({ entities: ['visit'], more: true });
    await vi.advanceTimersByTimeAsync(PULL_REFRESH_MS - 1);
    expect(gate.runs()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(gate.runs()).toBe(2);
  });

  it('does not make a screen with nothing to show wait for the rest of the pull', async () => {
    const gate = gatedLoad();
    watch(gate.load);
    announceChange({ entities: ['visit'], more: true });
    await gate.finish();
    expect(gate.runs()).toBe(2);
  });

  it('stops reading once disposed, even with a run pending', async () => {
    const gate = gatedLoad();
    const query = watch(gate.load);
    announceChange({ entities: ['visit'] });
    query.dispose();
    await gate.finish();
    await vi.advanceTimersByTimeAsync(PULL_REFRESH_MS);
    expect(gate.runs()).toBe(1);
  });
});
