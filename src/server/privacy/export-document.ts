import { createHash } from 'node:crypto';
import { clientFullName, type Locale } from '../../shared/domain';
import { exportMessages, type ExportMessages } from './export-messages';
import type { ClientFile } from './privacy-types';

// Print first: A4/Letter margins, no colours that waste ink, each record kept on one page when it fits.
const PRINT_CSS = `body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:16pt}h2{font-size:13pt;border-bottom:1px solid #999;margin-top:1.5em}h3{font-size:11pt;margin-bottom:.2em}
dl{display:grid;grid-template-columns:14em 1fr;gap:.1em 1em;margin:.3em 0}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}
section.record{break-inside:avoid;margin-bottom:1em}img.signature{max-width:18em;max-height:6em;border:1px solid #ccc}
@page{margin:1.5cm}@media print{body{margin:0}}`;

/**
 * The document's Content-Security-Policy: its one style block by hash, images
 * only inline (the signatures), no script at all. A signature is an SVG shown
 * as an image, so whatever it holds never runs.
 */
export const EXPORT_DOCUMENT_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PRINT_CSS).digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function escape(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function fields(rows: [string, unknown][]): string {
  return `<dl>${rows.map(([label, value]) => `<dt>${escape(label)}</dt><dd>${escape(value)}</dd>`).join('')}</dl>`;
}

function list(values: readonly unknown[], m: ExportMessages): string {
  return values.length ? values.join(', ') : m.none;
}

function signatureImage(svg: string): string {
  if (!svg) return '';
  return `<img class="signature" alt="" src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}">`;
}

function section(title: string, items: string[], m: ExportMessages): string {
  return `<h2>${escape(title)}</h2>${items.length ? items.join('') : `<p>${escape(m.none)}</p>`}`;
}

/** One client's whole file as a printable HTML document, in the language asked for. */
export function exportDocument(file: ClientFile, locale: Locale, at: Date): string {
  const m = exportMessages(locale);
  const { client } = file;
  const a = client.address;
  const identity = fields([
    [m.name, clientFullName(client)],
    [m.phone, client.phone],
    [m.email, client.email],
    [m.language, client.language],
    [m.address, [a.street, a.unit, a.city, a.postalCode].filter(Boolean).join(', ')],
    [m.access, Object.values(client.access).filter(Boolean).join(' · ')],
    [m.preferences, client.preferences],
  ]);
  const visits = file.visits.map(
    (visit) =>
      `<section class="record">${fields([
        [m.date, visit.date],
        [m.window, `${visit.windowStart}–${visit.windowEnd}`],
        [m.service, visit.service],
        [m.status, visit.status],
        [m.therapistNote, visit.therapistNote],
      ])}</section>`,
  );
  const intakes = file.intakes.map(
    (intake) =>
      `<section class="record"><h3>${escape(m.version)} ${intake.version} · ${escape(intake.createdAt.slice(0, 10))}</h3>${fields([
        [m.emergencyContact, intake.emergencyContact],
        [m.conditions, list(intake.conditions, m)],
        [m.conditionDetails, intake.conditionDetails],
        [m.medications, intake.medications],
        [m.allergies, list(intake.allergies, m)],
        [m.conditionDetails, intake.allergyDetails],
        [m.pregnancyWeeks, intake.pregnancyWeeks ?? m.none],
        [m.areasOfConcern, intake.areasOfConcern],
        [m.goals, intake.goals],
        [m.pressurePreference, intake.pressurePreference],
        [m.consent, `${intake.consent.textVersion} (${intake.consent.language}) · ${m.signedBy} ${intake.consent.signedName} ${m.signedOn} ${intake.consent.signedOn}`],
      ])}${signatureImage(intake.consent.signature)}</section>`,
  );
  const sessions = file.sessionRecords.map(
    (record) =>
      `<section class="record"><h3>${escape(record.createdAt.slice(0, 10))}</h3>${fields([
        [m.subjective, record.subjective],
        [m.objective, record.objective],
        [m.assessment, record.assessment],
        [m.plan, record.plan],
        [m.pain, `${record.painBefore ?? '–'} / ${record.painAfter ?? '–'}`],
        [m.techniques, list(record.techniques, m)],
        [m.bodyChart, list(Object.entries(record.bodyChart).map(([region, mark]) => `${region}: ${mark}`), m)],
        [m.homeCare, record.homeCare],
        [record.signedAt ? m.signed : m.unsigned, record.signedAt ? `${record.signedBy} · ${record.signedAt}` : ''],
      ])}</section>`,
  );
  const amendments = file.amendments.map(
    (amendment) =>
      `<section class="record"><h3>${escape(amendment.createdAt.slice(0, 10))}</h3>${fields([
        [m.reason, amendment.reason],
        ['', amendment.text],
      ])}</section>`,
  );
  const receipts = file.receipts.map(
    (receipt) =>
      `<section class="record">${fields([
        [m.number, receipt.number ?? '–'],
        [m.date, receipt.serviceDate],
        [m.service, receipt.service],
        [m.amount, ((receipt.amountCents + receipt.gstCents + receipt.qstCents) / 100).toFixed(2)],
        [m.signedBy, receipt.signature],
      ])}</section>`,
  );
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escape(`${m.title} – ${clientFullName(client)}`)}</title>
<style>${PRINT_CSS}</style></head><body><h1>${escape(m.title)} – ${escape(clientFullName(client))}</h1>
<p>${escape(m.generated)} ${escape(at.toISOString())}. ${escape(m.forRequest)}</p>
${section(m.identity, [identity], m)}${section(m.visits, visits, m)}${section(m.intakes, intakes, m)}${section(m.sessions, sessions, m)}${section(m.amendments, amendments, m)}${section(m.receipts, receipts, m)}
</body></html>`;
}
