import { useEffect, useMemo } from 'preact/hooks';
import type { EntityName } from '../../shared/protocol';
import { liveQuery, type LiveQuery } from '../state/live-query';

/** A live query owned by a component: created when its inputs change, disposed on unmount. */
export function useLiveQuery<T>(load: () => Promise<T>, inputs: unknown[], entities?: readonly EntityName[], options: { onPush?: boolean } = {}): LiveQuery<T> {
  const query = useMemo(() => liveQuery(load, { entities, ...options }), inputs);
  useEffect(() => () => query.dispose(), [query]);
  return query;
}
