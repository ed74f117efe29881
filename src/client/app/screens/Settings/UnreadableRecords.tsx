import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { onUnreadableRecord, unreadableRecords } from '../../../data/read-record';
import { settingsCatalogs } from '../../../i18n/settings-messages';
import { locale } from '../../../state/locale';

/** Stored records that failed their schema: never dropped, never shown half-read, listed here. */
export function UnreadableRecords() {
  const records = useSignal(unreadableRecords());
  useEffect(() => onUnreadableRecord(() => (records.value = unreadableRecords())), []);
  if (records.value.length === 0) return null;
  const m = settingsCatalogs[locale.value].unreadable;
  return (
    <section class="card card--alert" aria-labelledby="unreadable-title">
      <h2 id="unreadable-title">{m.title}</h2>
      <p>{m.intro}</p>
      <ul class="plain-list">
        {records.value.map((record) => (
          <li key={`${record.entity}|${record.id}`}>
            <strong>{record.entity}</strong> {record.id}
            <p class="muted">{record.problem}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
