import { privacyCatalogs } from '../../../i18n/privacy-messages';
import { appConfig } from '../../../state/app-config';
import { locale } from '../../../state/locale';

/** Read-only: whom to contact about personal information, from the server's configuration (kept for offline use). */
export function PrivacyOfficerCard() {
  const m = privacyCatalogs[locale.value];
  const officer = appConfig.value.privacyOfficer;
  return (
    <section class="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{m.title}</h2>
      {officer ? (
        <>
          <p>{m.intro}</p>
          <dl class="facts facts--stacked">
            <div>
              <dt>{m.name}</dt>
              <dd>{officer.name}</dd>
            </div>
            {officer.email && (
              <div>
                <dt>{m.email}</dt>
                <dd>
                  <a href={`mailto:${officer.email}`}>{officer.email}</a>
                </dd>
              </div>
            )}
            {officer.phone && (
              <div>
                <dt>{m.phone}</dt>
                <dd>
                  <a href={`tel:${officer.phone.replace(/[^0-9+]/g, '')}`}>{officer.phone}</a>
                </dd>
              </div>
            )}
          </dl>
        </>
      ) : (
        <p>{m.unknown}</p>
      )}
    </section>
  );
}
