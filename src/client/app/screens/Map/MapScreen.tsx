import { mapCatalogs } from '../../../i18n/map-messages';
import { useSignal } from '@preact/signals';
import { format } from 'date-fns';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'preact/hooks';
import { directionsUrl } from '../../../../shared/directions-url';
import { clientFullName } from '../../../../shared/domain';
import type { DayVisit } from '../../../data/visits-repo';
import { formatClockTime, formatDayTitle } from '../../../i18n/format';
import { prepareMap } from '../../../map/prepare-map';
import { appConfig, OSM_ATTRIBUTION } from '../../../state/app-config';
import { dayRoute } from '../../../state/day-route';
import { browserOnline } from '../../../state/connection';
import { inDayOrder, ownOrder } from '../../../state/day-order';
import { locale, messages } from '../../../state/locale';
import { followPosition, position, positionError } from '../../../state/position';
import { roadSettings } from '../../../state/road-settings';
import { dayHref } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import '../../later-screens.css';
import './map.css';

/**
 * The day's homes numbered in route order, the line between them, and the
 * therapist's position. Vector layers need no network, so without tiles the
 * stops, the route and the position still show, with a note.
 */
export function MapScreen({ workspace, date: requested }: { workspace: Workspace; date: string | null }) {
  const m = mapCatalogs[locale.value];
  const lang = locale.value;
  const date = requested ?? format(new Date(), 'yyyy-MM-dd');
  const heading = useScreenFocus<HTMLHeadingElement>(`map-${date}`);
  const data = useLiveQuery(
    async () => ({ visits: await workspace.visits.visitsOn(date), therapist: await workspace.visits.therapist(workspace.therapistId) }),
    [workspace, date],
  ).data.value;
  const visits: DayVisit[] = data ? inDayOrder(data.visits, ownOrder(date)).filter((entry) => entry.client) : [];

  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const here = useRef<L.CircleMarker | null>(null);
  const selected = useSignal<string | null>(null);
  const tilesMissing = useSignal(false);
  const progress = useSignal<string | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { zoomControl: true, attributionControl: true }).setView([45.53, -73.62], 11);
    // OpenStreetMap's attribution in the therapist's language; an office's own stays as configured.
    const configured = appConfig.value.tileAttribution;
    const attribution = configured === OSM_ATTRIBUTION ? m.osmAttribution : configured;
    const tiles = L.tileLayer(appConfig.value.tileUrl, { attribution, maxZoom: 19, crossOrigin: true });
    tiles.on('tileerror', () => (tilesMissing.value = true));
    tiles.on('tileload', () => {
      if (navigator.onLine) tilesMissing.value = false;
    });
    tiles.addTo(created);
    layers.current = L.layerGroup().addTo(created);
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
  }, []);

  const mode = roadSettings.value.travelMode ?? data?.therapist?.transportMode ?? 'driving';
  // The road itself when a routing service answered for this day; straight lines otherwise.
  const routed = dayRoute(date, mode, visits.map((entry) => entry.client!.address));

  // Stops and route, redrawn when the day's data changes.
  const key = `${visits.map((entry) => `${entry.visit.id}:${entry.visit.status}`).join('|')}|${routed ? 'routed' : 'straight'}`;
  useEffect(() => {
    const group = layers.current;
    if (!map.current || !group) return;
    group.clearLayers();
    const points = visits.map((entry) => L.latLng(entry.client!.address.lat, entry.client!.address.lng));
    if (routed) L.polyline(routed.shape, { color: '#0f6b63', weight: 5, opacity: 0.85 }).addTo(group);
    else if (points.length > 1) L.polyline(points, { color: '#0f6b63', weight: 4, opacity: 0.8, dashArray: '8 6' }).addTo(group);
    visits.forEach((entry, index) => {
      const name = clientFullName(entry.client!);
      const icon = L.divIcon({
        className: `stop-marker stop-marker--${entry.visit.status}`,
        html: `<span>${index + 1}</span>`,
        iconSize: [36, 36],
        iconAnchor: [18, 18],
      });
      const marker = L.marker(points[index]!, { icon, title: m.stop(index + 1, name), keyboard: true })
        .on('click', () => (selected.value = entry.visit.id))
        .addTo(group);
      // A button's name is its text ("3"); say whose home it is.
      marker.getElement()?.setAttribute('aria-label', m.stop(index + 1, name));
    });
    if (points.length > 0) map.current.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 15 });
  }, [key]);

  // The therapist's position, when they chose to share it.
  useEffect(() => {
    if (!map.current) return;
    const fix = position.value;
    if (!fix) return;
    if (!here.current) {
      here.current = L.circleMarker([fix.lat, fix.lng], { radius: 9, color: '#ffffff', weight: 3, fillColor: '#1a73e8', fillOpacity: 1 })
        .bindTooltip(m.you)
        .addTo(map.current);
    } else {
      here.current.setLatLng([fix.lat, fix.lng]);
    }
  }, [position.value]);

  async function onPrepare() {
    const result = await prepareMap(
      appConfig.value.tileUrl,
      visits.map((entry) => entry.client!.address),
      (done, total) => (progress.value = m.preparing(done, total)),
    );
    progress.value = result.failed > 0 ? m.preparedWithFailures(result.fetched, result.failed) : m.prepared(result.fetched);
  }

  const chosen = visits.find((entry) => entry.visit.id === selected.value);
  return (
    <section class="map-screen" aria-labelledby="map-title">
      <Link class="back-link" href={dayHref(requested)}>
        ‹ {m.back}
      </Link>
      <h1 id="map-title" ref={heading} tabIndex={-1}>
        {m.title(formatDayTitle(date, lang))}
      </h1>
      <div ref={element} class="map" role="region" aria-label={m.label} />
      {tilesMissing.value && (
        <p class="map__note" role="status">
          {browserOnline.value ? m.tilesFailed : m.noBackground}
        </p>
      )}
      {data && visits.length === 0 && <p class="empty">{m.noStops}</p>}

      {chosen && (
        <section class="card" aria-live="polite">
          <h2>
            {visits.indexOf(chosen) + 1}. {clientFullName(chosen.client!)}
          </h2>
          <p>
            {formatClockTime(chosen.visit.windowStart, lang)} – {formatClockTime(chosen.visit.windowEnd, lang)} · {messages.value.services[chosen.visit.service]}
          </p>
          <p class="muted">{chosen.client!.address.street}, {chosen.client!.address.city}</p>
          <div class="actions">
            <Link class="button button--primary" href={`/visits/${chosen.visit.id}`}>
              {m.openVisit}
            </Link>
            <a
              class="button"
              href={directionsUrl(roadSettings.value.directionsApp, mode, { ...chosen.client!.address, address: `${chosen.client!.address.street}, ${chosen.client!.address.city}` })}
              rel="noopener"
              target="_blank"
            >
              {messages.value.road.directions}
            </a>
          </div>
        </section>
      )}

      <div class="actions">
        <button type="button" class="button" onClick={followPosition}>
          {m.showPosition}
        </button>
        <button type="button" class="button" disabled={!browserOnline.value || visits.length === 0} onClick={() => void onPrepare()}>
          {m.prepare}
        </button>
      </div>
      {!browserOnline.value && <p class="muted">{m.needsNetwork}</p>}
      {progress.value && (
        <p role="status" class="muted">
          {progress.value}
        </p>
      )}
      {positionError.value && <p class="form__error">{m.positionDenied(positionError.value)}</p>}
    </section>
  );
}
