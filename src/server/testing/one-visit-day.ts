import { calendarDateIn } from '../../shared/calendar';
import type { Client, Therapist, Visit } from '../../shared/domain';
import { aClient, aTherapist, aVisit, testClock } from '../../shared/testing/fixtures';
import { startTestServer, testPasswordHash, type TestServer } from './test-server';

export interface OneVisitDay {
  server: TestServer;
  therapist: Therapist;
  client: Client;
  /** Today's one visit, in the office's calendar. */
  visit: Visit;
  /** The therapist's session cookie. */
  cookie: string;
}

/** The real server on the real clock, with one therapist signed in and one visit today. */
export async function startOneVisitDay(): Promise<OneVisitDay> {
  const office = testClock();
  const server = await startTestServer();
  const therapist = aTherapist({ email: 'camille@example.com' });
  const client = aClient();
  await server.store.createTherapist(therapist, await testPasswordHash(), office.tick());
  await server.store.putClient(client, office.tick());
  const visit = aVisit(therapist.id, client.id, { date: calendarDateIn(new Date()) });
  await server.store.putVisit(visit, office.tick());
  const cookie = await server.signIn(therapist.email, 'correct horse');
  return { server, therapist, client, visit, cookie };
}
