import type { EntityName } from '../../shared/protocol';

/**
 * Announces committed changes to every model in this tab and in the others
 * (and the service worker). BroadcastChannel does not echo to its own sender,
 * so local listeners are called directly.
 */
export interface DataChange {
  entities: EntityName[];
  /** The outbox changed: a local write added to it, or a push drained it. */
  outbox?: 'written' | 'drained';
  /** A pull page with more pages still to come: screens may wait for the rest. */
  more?: boolean;
}

type Listener = (change: DataChange) => void;
const CHANNEL = 'tournee-changes';
const listeners = new Set<Listener>();
let channel: BroadcastChannel | undefined;

function getChannel(): BroadcastChannel | undefined {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    // Node (tests, tooling) would otherwise keep running for the channel's sake.
    (channel as BroadcastChannel & { unref?: () => void }).unref?.();
    channel.onmessage = (event: MessageEvent<DataChange>) => listeners.forEach((listener) => listener(event.data));
  }
  return channel;
}

export function announceChange(change: DataChange): void {
  listeners.forEach((listener) => listener(change));
  getChannel()?.postMessage(change);
}

export function onDataChange(listener: Listener): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
