import { addMinutes } from 'date-fns';
import { DIRECTIONS_APPS } from '../../../../shared/directions';
import { directionsUrl } from '../../../../shared/directions-url';
import { clientFullName, type Client, type Therapist, type Visit } from '../../../../shared/domain';
import { estimateTravelMinutes, toMinutes } from '../../../../shared/travel';
import { formatClockTime } from '../../../i18n/format';
import { onMyWaySms } from '../../../road/client-messages';
import { visitCatalogs } from '../../../i18n/visit-messages';
import { minutesOfDay } from '../../../road/day-plan';
import { locale, messages } from '../../../state/locale';
import { position } from '../../../state/position';
import { roadSettings } from '../../../state/road-settings';
import { now } from '../../../state/ticker';

interface Props {
  visit: Visit;
  client: Client;
  therapist: Therapist;
  /** Where the therapist is coming from if their position is unknown: the previous home, or home base. */
  previous: { lat: number; lng: number };
}

/** Getting there: directions in the therapist's app, and a ready text to the client with the ETA. */
export function RoadCard({ visit, client, therapist, previous }: Props) {
  const m = messages.value.road;
  const v = visitCatalogs[locale.value];
  const lang = locale.value;
  const { directionsApp } = roadSettings.value;
  const mode = roadSettings.value.travelMode ?? therapist.transportMode;
  const destination = {
    lat: client.address.lat,
    lng: client.address.lng,
    address: `${client.address.street}, ${client.address.city} ${client.address.postalCode}`,
  };

  const from = position.value ?? previous;
  const eta = addMinutes(now.value, estimateTravelMinutes(from, destination, mode));
  const late = minutesOfDay(eta) > toMinutes(visit.windowEnd);
  const etaText = formatClockTime(`${String(eta.getHours()).padStart(2, '0')}:${String(eta.getMinutes()).padStart(2, '0')}`, lang);
  const showText = visit.status === 'scheduled' || visit.status === 'en_route';
  // The link's name starts with its visible words (WCAG 2.5.3), then says who receives the text.
  const shown = late ? v.runningLate(etaText) : v.onMyWay(etaText);

  return (
    <section class="card" aria-labelledby="road-title">
      <h2 id="road-title">{m.directions}</h2>
      <a class="button button--primary button--wide" href={directionsUrl(directionsApp, mode, destination)} rel="noopener" target="_blank">
        {v.openIn(m.apps[directionsApp], m.modes[mode])}
      </a>
      <details class="other-apps">
        <summary>{v.otherApps}</summary>
        <ul class="plain-list">
          {DIRECTIONS_APPS.filter((app) => app !== directionsApp).map((app) => (
            <li key={app}>
              <a href={directionsUrl(app, mode, destination)} rel="noopener" target="_blank">
                {m.apps[app]}
              </a>
            </li>
          ))}
        </ul>
      </details>
      {showText && (
        <>
          <h3>{v.textClient}</h3>
          <a class="button button--wide" href={onMyWaySms(client, therapist.name, eta, late)} aria-label={v.textClientLabel(shown, clientFullName(client))}>
            {shown}
          </a>
        </>
      )}
    </section>
  );
}
