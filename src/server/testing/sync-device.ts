import { createHlcClock, deviceTabNode } from '../../shared/hlc';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResponse } from '../../shared/protocol';

/**
 * A device as the server sees it: an id, its own clock, and its own mutation
 * counter. `now` is the device's wall clock (a test that fakes time passes
 * the same one to every clock); `tab` picks one running copy of the app.
 */
export function testDevice(options: { now?: () => number; tab?: number } = {}) {
  const deviceId = uuidv7();
  const clock = createHlcClock(deviceTabNode(deviceId, options.tab ?? 1), { now: options.now });
  let next = 1;
  return {
    deviceId,
    clock,
    change(entity: Mutation['entity'], id: string, op: Mutation['op'], fields: Record<string, unknown>, base: Record<string, string> = {}): Mutation {
      return { mutationId: next++, entity, id, op, fields, hlc: clock.tick(), base };
    },
  };
}

/** POST /api/sync/push as a signed-in device; the status and the JSON answer. */
export async function pushAs(url: string, cookie: string, deviceId: string, mutations: unknown[], deviceTime = Date.now(), protocolVersion = PROTOCOL_VERSION) {
  const response = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ protocolVersion, deviceId, deviceTime, mutations }),
  });
  return {
    status: response.status,
    body: (await response.json()) as PushResponse & { error?: string; message?: string; driftMs?: number; supported?: { min: number; max: number } },
  };
}

/** POST /api/sync/pull from the start, as a signed-in device. */
export async function pullAs(url: string, cookie: string, protocolVersion = PROTOCOL_VERSION): Promise<PullResponse> {
  const response = await fetch(`${url}/api/sync/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ protocolVersion }),
  });
  return response.json();
}
