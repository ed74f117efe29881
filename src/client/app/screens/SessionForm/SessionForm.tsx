import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { useSignal } from '@preact/signals';
import { format } from 'date-fns';
import { clientFullName, PRESSURES, TECHNIQUES, type SessionRecord, type Visit } from '../../../../shared/domain';
import { latestIntake } from '../../../../shared/contraindications';
import { uuidv7 } from '../../../../shared/ids';
import { templateFor } from '../../../../shared/session-templates';
import type { Intake } from '../../../../shared/domain';
import { locale, messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { ContraindicationFlags } from '../../components/ContraindicationFlags';
import { Link } from '../../components/Link';
import { SaveStatus } from '../../components/SaveStatus';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { useThrottledSave } from '../../use-throttled-save';
import { Amendments } from './Amendments';
import { BodyChart } from './BodyChart';
import './session-form.css';

type TextField = 'subjective' | 'objective' | 'assessment' | 'plan' | 'clientResponse' | 'homeCare' | 'products' | 'nextVisit';

/** A new record: from the client's last session if asked, else from the service's template. */
function newRecord(visit: Visit, therapistId: string, from: SessionRecord | null, intake: Intake | null): SessionRecord {
  const template = templateFor(visit.service, intake);
  return {
    id: uuidv7(),
    visitId: visit.id,
    clientId: visit.clientId,
    therapistId,
    createdAt: new Date().toISOString(),
    subjective: '',
    objective: from?.objective ?? '',
    assessment: from?.assessment ?? '',
    plan: from?.plan ?? '',
    painBefore: null,
    painAfter: null,
    techniques: from?.techniques ?? template.techniques,
    pressure: from?.pressure ?? template.pressure,
    durationMin: visit.durationMin,
    products: from?.products ?? '',
    clientResponse: '',
    homeCare: from?.homeCare ?? '',
    nextVisit: '',
    bodyChart: from?.bodyChart ?? {},
    signedAt: null,
    signedBy: '',
  };
}

/** The SOAP session record: every change durable on the device within about 300 ms, then signed and locked. */
export function SessionForm({ workspace, visitId }: { workspace: Workspace; visitId: string }) {
  const m = clinicalCatalogs[locale.value];
  const heading = useScreenFocus<HTMLHeadingElement>(`record-${visitId}`);
  const error = useSignal<string | null>(null);
  const data = useLiveQuery(async () => {
    const found = await workspace.visits.visitById(visitId);
    if (!found) return null;
    const [record, intakes, history, therapist] = await Promise.all([
      workspace.clinical.recordForVisit(visitId),
      workspace.clinical.intakesOf(found.visit.clientId),
      workspace.clinical.recordsOf(found.visit.clientId),
      workspace.visits.therapist(workspace.therapistId),
    ]);
    return { ...found, record, intakes, previous: history.filter((entry) => entry.visitId !== visitId), therapist };
  }, [workspace, visitId]).data.value;

  if (data === undefined) return null;
  if (data === null) return <p class="empty">{messages.value.visit.notFound}</p>;
  const { visit, client, record, intakes, previous, therapist } = data;
  const last = previous.find((entry) => entry.signedAt) ?? null;

  async function write(fields: Partial<SessionRecord>) {
    await workspace.write([{ entity: 'sessionRecord', id: record!.id, fields }]);
  }
  async function start(from: SessionRecord | null) {
    try {
      const fresh = newRecord(visit, workspace.therapistId, from, latestIntake(intakes));
      await workspace.write([{ entity: 'sessionRecord', id: fresh.id, fields: fresh, op: 'create' }]);
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }
  async function sign() {
    if (!record || !confirm(m.signConfirm)) return;
    try {
      await write({ signedAt: new Date().toISOString(), signedBy: therapist?.name ?? '' });
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }

  const locked = record?.signedAt != null;
  return (
    <section class="session-form" aria-labelledby="record-title">
      <Link class="back-link" href={`/visits/${visit.id}`}>
        ‹ {client ? clientFullName(client) : messages.value.visit.back}
      </Link>
      <h1 id="record-title" ref={heading} tabIndex={-1}>
        {m.record}
      </h1>
      <ContraindicationFlags intakes={intakes} />
      {error.value && (
        <p class="form__error" role="alert">
          {error.value}
        </p>
      )}

      {!record && (
        <div class="actions">
          <button type="button" class="button button--primary button--big" onClick={() => void start(null)}>
            {m.start}
          </button>
          {last && (
            <button type="button" class="button" onClick={() => void start(last)}>
              {m.startFromLast(format(new Date(last.createdAt), 'yyyy-MM-dd'))}
            </button>
          )}
        </div>
      )}

      {record && (
        <form class="form soap" onSubmit={(event) => event.preventDefault()}>
          {locked && (
            <p class="signed" role="status">
              {m.signedBy(record.signedBy, format(new Date(record.signedAt!), 'yyyy-MM-dd HH:mm'))}
            </p>
          )}
          <PainPicker label={m.painBefore} name="painBefore" value={record.painBefore} disabled={locked} onChange={(painBefore) => void write({ painBefore })} />
          {(['subjective', 'objective', 'assessment', 'plan'] as const).map((field) => (
            <RecordText key={`${record.id}-${field}`} field={field} label={m[field]} record={record} disabled={locked} save={write} rows={4} />
          ))}
          <fieldset class="choices" disabled={locked}>
            <legend>{m.techniques}</legend>
            {TECHNIQUES.map((technique) => (
              <label class="choice" key={technique}>
                <input
                  type="checkbox"
                  checked={record.techniques.includes(technique)}
                  onChange={(event) =>
                    void write({
                      techniques: event.currentTarget.checked ? [...record.techniques, technique] : record.techniques.filter((entry) => entry !== technique),
                    })
                  }
                />
                <span>{m.technique[technique]}</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="choices choices--row" disabled={locked}>
            <legend>{m.pressure}</legend>
            {PRESSURES.map((pressure) => (
              <label class="choice" key={pressure}>
                <input type="radio" name="pressure" checked={record.pressure === pressure} onChange={() => void write({ pressure })} />
                <span>{m.pressures[pressure]}</span>
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>{m.duration}</span>
            <input
              type="number"
              min={0}
              max={300}
              value={record.durationMin ?? ''}
              disabled={locked}
              onChange={(event) => {
                const value = Number(event.currentTarget.value);
                if (Number.isInteger(value) && value >= 0 && value <= 300) void write({ durationMin: value });
              }}
            />
          </label>
          <BodyChart chart={record.bodyChart} disabled={locked} onChange={(bodyChart) => void write({ bodyChart })} />
          <RecordText field="products" label={m.products} record={record} disabled={locked} save={write} rows={1} />
          <PainPicker label={m.painAfter} name="painAfter" value={record.painAfter} disabled={locked} onChange={(painAfter) => void write({ painAfter })} />
          <RecordText field="clientResponse" label={m.clientResponse} record={record} disabled={locked} save={write} rows={3} />
          <RecordText field="homeCare" label={m.homeCare} record={record} disabled={locked} save={write} rows={3} />
          <RecordText field="nextVisit" label={m.nextVisit} record={record} disabled={locked} save={write} rows={1} />
          {!locked && (
            <button type="button" class="button button--primary button--big" onClick={() => void sign()}>
              {m.sign}
            </button>
          )}
        </form>
      )}

      {record && locked && <Amendments workspace={workspace} record={record} />}

      {previous.length > 0 && (
        <section class="card" aria-labelledby="previous-title">
          <h2 id="previous-title">{m.previous}</h2>
          <ol class="plain-list">
            {previous.map((entry) => (
              <li key={entry.id} class="refusal">
                <strong>{format(new Date(entry.createdAt), 'yyyy-MM-dd')}</strong>
                {entry.subjective && <p class="prose">{entry.subjective}</p>}
                {entry.plan && <p class="prose muted">{entry.plan}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}

function RecordText(props: {
  field: TextField;
  label: string;
  record: SessionRecord;
  disabled: boolean;
  rows: number;
  save(fields: Partial<SessionRecord>): Promise<void>;
}) {
  const { field, label, record, disabled, rows, save } = props;
  const value = useSignal(record[field]);
  const saver = useThrottledSave((text: string) => save({ [field]: text }));
  const id = `record-${field}`;
  // The same behaviour for a paragraph (textarea) and a one-liner (input).
  const common = {
    id,
    value: value.value,
    readOnly: disabled,
    onInput: (event: Event) => {
      value.value = (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
      saver.changed(value.value);
    },
    onBlur: () => void saver.flush(),
    'aria-describedby': `${id}-status`,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {rows > 1 ? <textarea {...common} class="note" rows={rows} /> : <input {...common} type="text" />}
      <SaveStatus id={`${id}-status`} state={saver.state.value} />
    </div>
  );
}

function PainPicker({ label, name, value, disabled, onChange }: { label: string; name: string; value: number | null; disabled: boolean; onChange(value: number): void }) {
  return (
    <fieldset class="pain" disabled={disabled}>
      <legend>{label}</legend>
      <div class="pain__scale">
        {Array.from({ length: 11 }, (_, score) => (
          <label key={score} class="pain__score">
            <input type="radio" name={name} checked={value === score} onChange={() => onChange(score)} />
            <span>{score}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
