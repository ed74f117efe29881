import { announceChange } from '../data/changes';
import { keyFromPassword, keyFromPin, sealedCodec, showLockFor, turnOnLock } from './device-lock';
import { commitHeldStep } from './held-step';
import { workspaces } from './workspace';

/*
 * Unlocking, locking and turning the lock on: loaded with the lock screen or
 * Settings, not with the day view.
 */

/**
 * From the lock screen: the PIN, or the password and a new PIN. Throws what
 * the lock screen explains (WrongPinError, PinLockedOutError, a refused or
 * unreachable password); nothing is lost either way.
 */
export async function unlock(how: { pin: string } | { password: string; newPin: string }): Promise<void> {
  const device = workspaces.locked();
  if (!device) return;
  const key = 'pin' in how ? await keyFromPin(device, how.pin) : await keyFromPassword(device, how.password, how.newPin);
  const codec = await sealedCodec(key);
  if (workspaces.locked() !== device) return;
  workspaces.open(device, codec);
}

/**
 * Turns the lock on (Settings): from now on this phone's records are sealed
 * under a data key opened by the PIN, or the password. The records held
 * plain are pulled again, sealed (device-lock.ts turnOnLock).
 */
export async function turnLockOn(password: string, pin: string): Promise<void> {
  const opened = workspaces.current();
  if (!opened) return;
  const codec = await sealedCodec(await turnOnLock(opened, password, pin));
  if (workspaces.current() !== opened) return;
  workspaces.drop(opened);
  const db = await workspaces.openDb(opened.therapistId);
  workspaces.open({ therapistId: opened.therapistId, db, deviceId: opened.deviceId }, codec);
  announceChange({ entities: [] });
}

/** From "forgot your PIN?": back to the PIN, with the attempts left. */
export function backToPin(): void {
  const device = workspaces.locked();
  if (device) void showLockFor(device);
}

/**
 * Locks now (Settings) or by itself (hidden or untouched too long): a step
 * held for undo is written first, and writes in flight finish (the database
 * stays open for the lock screen); then the key leaves memory with the
 * workspace. The service worker still sends the outbox, sealed to the server.
 */
export async function lockWorkspace(): Promise<void> {
  const opened = workspaces.current();
  if (!opened) return;
  await commitHeldStep(opened).catch(() => undefined);
  if (workspaces.current() !== opened) return;
  await showLockFor(workspaces.lockOut(opened));
}
