import { useSignal } from '@preact/signals';
import { PAYMENT_METHODS, type Client, type Locale, type Receipt, type Therapist, type Visit } from '../../../../shared/domain';
import { uuidv7 } from '../../../../shared/ids';
import { canIssueReceipt, composeReceipt, formatReceiptNumber } from '../../../../shared/receipt-rules';
import { receiptCatalogs } from '../../../i18n/receipt-messages';
import { locale } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';

interface Props {
  workspace: Workspace;
  visit: Visit;
  client: Client;
  therapist: Therapist;
  receipt: Receipt | null;
}

/** Dollars as typed ("95", "95.00", "95,00") to cents; null when it is not an amount. */
function parseAmount(text: string): number | null {
  const match = /^\s*(\d{1,5})(?:[.,](\d{1,2}))?\s*\$?\s*$/.exec(text);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}

/** Issue the insurance receipt of a completed visit, or show the one issued. */
export function ReceiptCard({ workspace, visit, client, therapist, receipt }: Props) {
  const m = receiptCatalogs[locale.value].ui;
  const amount = useSignal('');
  const method = useSignal<(typeof PAYMENT_METHODS)[number]>('interac');
  // Insurers get the receipt in the client's language unless the therapist picks the other.
  const language = useSignal<Locale>(client.language);
  const recipient = useSignal('');
  const error = useSignal<string | null>(null);

  let body;
  if (visit.status === 'cancelled' || visit.status === 'no_show') body = <p class="muted">{m.notForCancelled}</p>;
  else if (!canIssueReceipt(visit.status)) body = <p class="muted">{m.notYet}</p>;
  else if (receipt) {
    body = (
      <>
        <p>{receipt.number ? m.issued(formatReceiptNumber(receipt.number)) : m.issuedPending}</p>
        <Link class="button button--primary button--wide" href={`/visits/${visit.id}/receipt`}>
          {m.view}
        </Link>
      </>
    );
  } else if (!therapist.association || !therapist.memberNumber) {
    body = <p class="form__error">{m.missingProfile}</p>;
  } else {
    const issue = async (event: Event) => {
      event.preventDefault();
      const cents = parseAmount(amount.value);
      if (cents === null) {
        error.value = m.invalidAmount;
        return;
      }
      // Only the choices are sent; the rest is a preview of what the server composes from its own records.
      const value = composeReceipt(
        uuidv7(),
        { visitId: visit.id, amountCents: cents, paymentMethod: method.value, language: language.value, recipientName: recipient.value },
        { visit, client, therapist },
        new Date(),
      );
      try {
        await workspace.write([{ entity: 'receipt', id: value.id, op: 'create', fields: value }]);
        error.value = null;
      } catch (failure) {
        error.value = m.failed(failure instanceof Error ? failure.message : String(failure));
      }
    };
    const methods = receiptCatalogs[locale.value].document.paymentMethods;
    body = (
      <form class="form" onSubmit={(event) => void issue(event)}>
        <label class="field">
          <span>{m.amount}</span>
          <input type="text" inputMode="decimal" value={amount.value} onInput={(event) => (amount.value = event.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{m.paymentMethod}</span>
          <select value={method.value} onChange={(event) => (method.value = event.currentTarget.value as (typeof PAYMENT_METHODS)[number])}>
            {PAYMENT_METHODS.map((entry) => (
              <option key={entry} value={entry}>
                {methods[entry]}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{m.recipient}</span>
          <input type="text" autoComplete="off" value={recipient.value} onInput={(event) => (recipient.value = event.currentTarget.value)} />
        </label>
        <fieldset class="choices choices--row">
          <legend>{m.language}</legend>
          {(['fr', 'en'] as const).map((entry) => (
            <label class="choice" key={entry}>
              <input type="radio" name="receipt-language" checked={language.value === entry} onChange={() => (language.value = entry)} />
              <span>{entry === 'fr' ? 'Français' : 'English'}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button button--primary">
          {m.issue}
        </button>
      </form>
    );
  }

  return (
    <section class="card" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{m.title}</h2>
      {body}
      {error.value && (
        <p class="form__error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
