import { NetworkError, gateRequests } from '../sync/api-client';

/**
 * Sign-outs the server has not heard of yet. The session cookie is HttpOnly:
 * a page that signs out offline cannot delete it, and the browser would keep
 * sending it. So the device forgets the account at once, writes the session's
 * sign-out token here (localStorage survives a reload), and sends it, with
 * that cookie, before any other request once the network is back. Whoever
 * signs in next on this browser therefore never rides on the old session: the
 * revocation goes first, and the server also ends the session a browser
 * presents when it signs in again.
 *
 * Only the bookkeeping is here, in the first download; the sending
 * (send-sign-outs.ts) loads when there is something to send.
 */
export const PENDING_SIGN_OUTS_KEY = 'tournee.pendingSignOuts';

/** Records a sign-out to send; call it before the account is forgotten, so a crash in between still revokes. */
export function rememberSignOut(signOutToken: string | undefined): void {
  let pending: unknown[] = [];
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(PENDING_SIGN_OUTS_KEY) ?? '[]');
    if (Array.isArray(stored)) pending = stored;
  } catch {
    // A damaged list: the cookie's own session is still ended by the next send.
  }
  localStorage.setItem(PENDING_SIGN_OUTS_KEY, JSON.stringify([...pending, signOutToken ? { signOutToken } : {}]));
}

/** Sends the pending sign-outs, if any; rejects when the server cannot be reached or fails. */
export function sendPendingSignOuts(): Promise<void> {
  if (!localStorage.getItem(PENDING_SIGN_OUTS_KEY)) return Promise.resolve();
  return import('./send-sign-outs').then((module) => module.sendSignOuts());
}

/** Holds every request of the page behind the pending sign-outs, and sends them at start and whenever the network returns. */
export function startSignOutRevocation(): void {
  gateRequests(() =>
    sendPendingSignOuts().catch((error: unknown) => {
      throw error instanceof NetworkError ? error : new NetworkError(error);
    }),
  );
  const send = () => void sendPendingSignOuts().catch(() => undefined);
  addEventListener('online', send);
  send();
}
