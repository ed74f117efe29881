import { join } from 'node:path';
import { calendarDateIn } from '../shared/calendar';
import { createHlcClock } from '../shared/hlc';
import { createApp } from './app';
import { readConfig, tileOrigin } from './config';
import { startHttpServer } from './http/start-http-server';
import { seedDemoDay } from './seed/demo-day';
import { SERVER_HLC_NODE } from './server-clock';
import { openSqliteStore } from './store/sqlite/sqlite-store';
import { scheduleRetentionPurge } from './privacy/retention';
import { openSealingKeys } from './sync/sealing-keys';


const config = readConfig();
// DEMO_NOW moves the whole server's clock (seed, sessions, sync) by one fixed offset; zero otherwise.
const demoOffsetMs = config.demoNow ? config.demoNow.getTime() - Date.now() : 0;
const now = () => new Date(Date.now() + demoOffsetMs);
const store = openSqliteStore(join(config.dataDir, 'tournee.sqlite'), { now, needToKnowDays: config.needToKnowDays });

if (config.demoNow && !(await store.isEmpty())) {
  console.error(`DEMO_NOW only starts a fresh demo, and ${config.dataDir} already holds data: unset it or point DATA_DIR at an empty folder.`);
  process.exit(1);
}

if (await store.isEmpty()) {
  const today = calendarDateIn(now());
  await seedDemoDay(store, {
    email: config.demoEmail,
    password: config.demoPassword,
    office: { email: config.officeEmail, password: config.officePassword },
    today,
    clock: createHlcClock(SERVER_HLC_NODE, { now: () => now().getTime() }),
    ...(config.demoNow && { progressAt: now() }),
  });
  console.log(`Seeded a demo day for ${today} in ${config.dataDir}`);
}

if (config.privacyOfficerAccount) {
  const officer = await store.findCredentials(config.privacyOfficerAccount);
  if (officer && (await store.getRole(officer.therapistId)) === 'office') await store.setPrivacyOfficer(officer.therapistId, true);
  else console.error(`PRIVACY_OFFICER_ACCOUNT: no office account ${config.privacyOfficerAccount}; nobody new was made privacy officer.`);
}

// Law 25 retention: once at start, then daily; each run's report goes to the log and the purge_reports table.
scheduleRetentionPurge(store, { now, years: config.retentionYears, onError: (error) => console.error(error) });

const app = createApp({
  store,
  now,
  staticDir: config.staticDir,
  tileOrigins: [tileOrigin(config.tileUrl)].filter((origin): origin is string => origin !== null),
  mapConfig: { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution, routingUrl: config.routingUrl },
  onUnexpectedError: (error) => console.error(error),
  trustProxy: config.trustProxy,
  retentionYears: config.retentionYears,
  privacyOfficer: config.privacyOfficer,
  // Devices seal their outbox to this key pair (README, "Design note: the sealed outbox").
  sealingKeys: openSealingKeys(join(config.dataDir, 'sealing-keys.json')),
});

const { server, port } = await startHttpServer(app, { port: config.port, hostname: config.host, limits: config.httpLimits });
console.log(`Tournée is running at http://localhost:${port}`);
console.log(`Demo sign-in: ${config.demoEmail} / ${config.demoPassword}`);
console.log(`Office (safety view, GET /api/office/overdue): ${config.officeEmail} / ${config.officePassword}`);

function shutdown() {
  server.close(() => void store.close().then(() => process.exit(0)));
  // Keep-alive connections can hold close() open; do not hang a deploy on them.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
