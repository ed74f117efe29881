import { format } from 'date-fns';
import { enCA, frCA } from 'date-fns/locale';
import { localClockTime, localDay } from '../../../../shared/calendar';
import type { Receipt } from '../../../../shared/domain';
import { formatReceiptNumber } from '../../../../shared/receipt-rules';
import { catalogIn } from '../../../i18n/both-catalogs';
import { receiptCatalogs } from '../../../i18n/receipt-messages';
import { locale } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import '../../later-screens.css';
import './receipt.css';

const money = (cents: number, lang: 'fr' | 'en') =>
  new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100);

/**
 * The receipt as it prints: every field an insurer asks for, in the receipt's
 * language. The first print is recorded; every later one says DUPLICATA.
 */
export function ReceiptView({ workspace, visitId }: { workspace: Workspace; visitId: string }) {
  const ui = receiptCatalogs[locale.value].ui;
  const receipt = useLiveQuery(() => workspace.clinical.receiptForVisit(visitId), [workspace, visitId]).data.value;
  if (receipt === undefined) return null;
  if (receipt === null) return <p class="empty">{ui.notYet}</p>;

  async function print(current: Receipt) {
    window.print();
    if (!current.firstPrintedAt) await workspace.write([{ entity: 'receipt', id: current.id, fields: { firstPrintedAt: new Date().toISOString() } }]);
  }

  return (
    <section aria-label={ui.title}>
      <div class="no-print">
        <Link class="back-link" href={`/visits/${visitId}`}>
          ‹ {ui.back}
        </Link>
        {receipt.number ? (
          <button type="button" class="button button--primary button--wide" onClick={() => void print(receipt)}>
            {receipt.firstPrintedAt ? ui.reprint : ui.print}
          </button>
        ) : (
          <p class="form__error">{ui.printNeedsNumber}</p>
        )}
      </div>
      <ReceiptDocument receipt={receipt} />
    </section>
  );
}

export function ReceiptDocument({ receipt }: { receipt: Receipt }) {
  const lang = receipt.language;
  const d = receiptCatalogs[lang].document;
  const date = format(localDay(receipt.serviceDate), lang === 'fr' ? 'd MMMM yyyy' : 'MMMM d, yyyy', { locale: lang === 'fr' ? frCA : enCA });
  const time = format(localClockTime(receipt.startTime), catalogIn(lang).formats.time);
  const total = receipt.amountCents + receipt.gstCents + receipt.qstCents;
  const rows: [string, string][] = [
    [d.therapist, receipt.therapistName],
    [d.association, receipt.association],
    [d.memberNumber, receipt.memberNumber],
    [d.client, receipt.clientName],
    ...(receipt.recipientName ? [[d.recipient, receipt.recipientName] as [string, string]] : []),
    [d.date, date],
    [d.time, time],
    [d.duration, d.minutes(receipt.durationMin)],
    [d.treatment, catalogIn(lang).services[receipt.service]],
    [d.careAddress, receipt.careAddress],
    [d.amount, money(receipt.amountCents, lang)],
  ];
  if (receipt.gstCents > 0) rows.push([d.gst(receipt.gstNumber), money(receipt.gstCents, lang)]);
  if (receipt.qstCents > 0) rows.push([d.qst(receipt.qstNumber), money(receipt.qstCents, lang)]);
  rows.push([d.total, money(total, lang)], [d.paymentMethod, d.paymentMethods[receipt.paymentMethod]]);

  return (
    <article class="receipt" lang={lang === 'fr' ? 'fr-CA' : 'en-CA'}>
      <header class="receipt__header">
        <h1>{d.title}</h1>
        <p>{d.subtitle}</p>
        <p class="receipt__number">{receipt.number ? d.number(formatReceiptNumber(receipt.number)) : d.numberPending}</p>
        {receipt.firstPrintedAt && <p class="receipt__duplicate">{d.duplicate}</p>}
      </header>
      <dl class="receipt__fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <footer class="receipt__footer">
        <p class="receipt__signature">
          <span>{d.signature}</span>
          <strong>{receipt.signature}</strong>
        </p>
        <p>{d.issued(format(new Date(receipt.issuedAt), 'yyyy-MM-dd'))}</p>
      </footer>
    </article>
  );
}
