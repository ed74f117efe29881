import type { Client } from '../../../../shared/domain';
import { clientCatalogs } from '../../../i18n/client-messages';
import { locale } from '../../../state/locale';

/** How to reach the client, at the top of the file: phone with call and text, email if any, the address. */
export function ContactCard({ client }: { client: Client }) {
  const m = clientCatalogs[locale.value].file;
  // tel: and sms: take the number without its formatting: "(514) 555-0142" dials as 5145550142.
  const dial = client.phone.replace(/[^\d+]/g, '');
  const { street, unit, city, postalCode } = client.address;
  return (
    <section class="card contact-card" aria-labelledby="contact-title">
      <h2 id="contact-title">{m.contact}</h2>
      {dial && (
        <>
          <p class="contact-card__phone">{client.phone}</p>
          <div class="actions">
            {/* "Appeler" seen, "Appeler Marie-Ève" heard: each accessible name starts with the visible text. */}
            <a class="button button--primary" href={`tel:${dial}`}>
              {m.call}
              <span class="visually-hidden"> {client.firstName}</span>
            </a>
            <a class="button" href={`sms:${dial}`}>
              {m.text}
              <span class="visually-hidden"> {client.firstName}</span>
            </a>
          </div>
        </>
      )}
      <dl class="facts facts--stacked">
        {client.email && (
          <div>
            <dt>{m.email}</dt>
            <dd>
              <a class="contact-card__email" href={`mailto:${client.email}`}>
                {client.email}
              </a>
            </dd>
          </div>
        )}
        <div>
          <dt>{m.address}</dt>
          <dd>
            <address class="address">
              {street}
              {unit && `, ${m.unit(unit)}`}
              <br />
              {[city, postalCode].filter(Boolean).join(' ')}
            </address>
          </dd>
        </div>
      </dl>
    </section>
  );
}
