import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { IdSchema } from '../../shared/domain';
import { uuidv7 } from '../../shared/ids';
import type { AppEnv, ServerDeps } from '../env';
import { ApiError } from '../http/api-error';
import { readJson } from '../http/read-json';
import { EXPORT_DOCUMENT_CSP, exportDocument } from './export-document';
import type { AccessEntry, ClientFile } from './privacy-types';
import { purgeableFrom, RETENTION_YEARS_DEFAULT } from './retention';

const DeletionRequestSchema = v.object({
  askedBy: v.pipe(v.string('askedBy is required'), v.trim(), v.minLength(1, 'askedBy is required: who asked'), v.maxLength(200)),
  reason: v.pipe(v.string('reason is required'), v.trim(), v.minLength(1, 'reason is required'), v.maxLength(2000)),
});

/**
 * Law 25, for the office's privacy officer only (an office account with the
 * privacy flag; office-routes.ts has already refused every other role): a
 * client's access log, the export of their whole file, deletion requests,
 * and the purge reports. Mounted under /api/office/privacy.
 */
export function privacyRoutes({ store, now }: ServerDeps, options: { retentionYears?: number } = {}) {
  const years = options.retentionYears ?? RETENTION_YEARS_DEFAULT;
  const routes = new Hono<AppEnv>();

  routes.use(async (c, next) => {
    if (!(await store.isPrivacyOfficer(c.get('therapistId')))) {
      throw new ApiError(403, 'forbidden', "This is for the office's privacy officer.");
    }
    await next();
  });

  function clientIdOf(c: Context<AppEnv>): string {
    const parsed = v.safeParse(IdSchema, c.req.param('clientId'));
    if (!parsed.success) throw new ApiError(400, 'invalid_request', 'The client id is not an id.');
    return parsed.output;
  }

  async function fileOf(clientId: string): Promise<ClientFile> {
    const file = await store.clientFile(clientId);
    if (!file) throw new ApiError(404, 'not_found', 'No client with this id.');
    return file;
  }

  function officerEntry(c: Context<AppEnv>, clientId: string): Omit<AccessEntry, 'action' | 'kinds' | 'recordIds'> {
    const session = c.get('session');
    return { at: now(), accountId: c.get('therapistId'), deviceId: null, sessionId: session.id, deviceLabel: session.deviceLabel, clientId };
  }

  routes.get('/clients/:clientId/access-log', async (c) => {
    const clientId = clientIdOf(c);
    const entries = await store.accessLog(clientId);
    return c.json({
      clientId,
      entries: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    });
  });

  routes.get('/clients/:clientId/export', async (c) => {
    const clientId = clientIdOf(c);
    const format = c.req.query('format') ?? 'json';
    const lang = c.req.query('lang') ?? 'fr';
    if (format !== 'json' && format !== 'html') throw new ApiError(400, 'invalid_request', 'format must be json or html.');
    if (lang !== 'fr' && lang !== 'en') throw new ApiError(400, 'invalid_request', 'lang must be fr or en.');
    const file = await fileOf(clientId);
    const recordIds = [
      file.client.id,
      ...[file.visits, file.intakes, file.sessionRecords, file.amendments, file.receipts].flatMap((records) => records.map((record) => record.id)),
    ];
    // The export is itself an access: logged before the file leaves.
    await store.appendAccess([{ ...officerEntry(c, clientId), action: 'export', kinds: ['exported'], recordIds }]);
    const at = now();
    c.header('Content-Disposition', `attachment; filename="client-${clientId}.${format}"`);
    if (format === 'json') return c.json({ exportedAt: at.toISOString(), language: lang, ...file });
    c.set('documentCsp', EXPORT_DOCUMENT_CSP);
    return c.html(exportDocument(file, lang, at));
  });

  routes.post('/clients/:clientId/deletion-requests', async (c) => {
    const clientId = clientIdOf(c);
    const body = await readJson(c, DeletionRequestSchema);
    await fileOf(clientId);
    const request = { id: uuidv7(), clientId, askedBy: body.askedBy, reason: body.reason, recordedBy: c.get('therapistId'), requestedAt: now() };
    await store.recordDeletionRequest(request);
    await store.appendAccess([{ ...officerEntry(c, clientId), action: 'deletion_request', kinds: ['deletion_requested'], recordIds: [request.id] }]);
    return c.json(
      {
        request: { ...request, requestedAt: request.requestedAt.toISOString(), carriedOutAt: null },
        // The records stay for the retention period after the last visit; the purge after that carries the request out.
        carriedOutFrom: purgeableFrom(await store.lastCareDate(clientId), years),
      },
      201,
    );
  });

  routes.get('/clients/:clientId/deletion-requests', async (c) => {
    const clientId = clientIdOf(c);
    return c.json({ requests: await store.deletionRequests(clientId) });
  });

  routes.get('/purge-reports', async (c) => c.json({ reports: await store.purgeReports() }));

  return routes;
}
