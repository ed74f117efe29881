import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { format } from 'date-fns';
import { clientFullName, PRESSURES, TECHNIQUES, type SessionRecord, type Visit } from '../../../../shared/domain';
import { latestIntake } from '../../../../shared/contraindications';
import { FREE_TEXT_FIELDS, SIGNED_CONTENT_FIELDS } from '../../../../shared/editable-fields';
import { HLC_ZERO } from '../../../../shared/hlc';
import { sessionRecordIdFor } from '../../../../shared/record-ids';
import { templateFor } from '../../../../shared/session-templates';
import type { Intake } from '../../../../shared/domain';
import { locale, messages } from '../../../state/locale';
import type { Workspace } from '../../../state/workspace';
import { ContraindicationFlags } from '../../components/ContraindicationFlags';
import { Link } from '../../components/Link';
import { SaveStatus } from '../../components/SaveStatus';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { DictationButton } from '../../components/DictationButton';
import { FieldConflicts } from '../../components/FieldConflicts';
import { useEditedText } from '../../use-edited-text';
import { RecordRefusals } from './RecordRefusals';
import { Amendments } from './Amendments';
import { BodyChart } from './BodyChart';
import { confirmCopy, filledBy, setUnreadCopies, unreadCopies, type CopiedField } from './copied-fields';
import '../../later-screens.css';
import './session-form.css';

type TextField = 'subjective' | 'objective' | 'assessment' | 'plan' | 'clientResponse' | 'homeCare' | 'products' | 'nextVisit';

/** What a text editor tells the form: how to wait for its saves, and which value it shows. */
interface EditorHandle {
  flush(): Promise<void>;
  seen(): string;
  text: { value: string };
}

/**
 * A new record: from the client's last session if asked, else from the
 * service's template. Its id is the visit's record id, so two phones that
 * start it offline write one record.
 */
function newRecord(visit: Visit, therapistId: string, from: SessionRecord | null, intake: Intake | null): SessionRecord {
  const template = templateFor(visit.service, intake);
  return {
    id: sessionRecordIdFor(visit.id),
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
  // The texts on screen when "Sign" was tapped, while the therapist confirms.
  const confirming = useSignal<Map<string, string> | null>(null);
  const refusedCopies = useSignal(false);
  const confirmPanel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The question gets the focus, not "Yes": a double tap or a stray Enter must not sign unread.
    if (confirming.value) confirmPanel.current?.focus();
  }, [confirming.value]);
  const editors = useRef(new Map<string, EditorHandle>()).current;
  // What each field showed when the finger (or mouse) came down on "Sign": leaving a field
  // happens before the click, and may already have swapped in a newer text.
  const pressed = useRef<Map<string, string> | null>(null);
  const snapshot = () => new Map([...editors].map(([field, editor]) => [field, editor.text.value]));
  const data = useLiveQuery(async () => {
    const found = await workspace.visits.visitById(visitId);
    if (!found) return null;
    const [record, intakes, records, therapist] = await Promise.all([
      workspace.clinical.recordForVisit(visitId),
      workspace.clinical.intakesOf(found.visit.clientId),
      workspace.clinical.recordsOf(found.visit.clientId),
      workspace.visits.therapist(workspace.therapistId),
    ]);
    // A session is dated by its visit, the day it was given, not the day it was charted.
    const history = await Promise.all(
      records
        .filter((entry) => entry.visitId !== visitId)
        .map(async (entry) => ({ record: entry, date: (await workspace.visits.visitById(entry.visitId))?.visit.date ?? format(new Date(entry.createdAt), 'yyyy-MM-dd') })),
    );
    return {
      ...found,
      record: record?.record ?? null,
      clocks: record?.clocks ?? {},
      intakes,
      previous: history.sort((a, b) => b.date.localeCompare(a.date) || b.record.createdAt.localeCompare(a.record.createdAt)),
      therapist,
    };
  }, [workspace, visitId]).data.value;

  if (data === undefined) return null;
  if (data === null) return <p class="empty">{messages.value.visit.notFound}</p>;
  const { visit, client, record, clocks, intakes, previous, therapist } = data;
  const last = previous.find((entry) => entry.record.signedAt) ?? null;
  const unread = record && record.signedAt === null ? unreadCopies(record.id) : [];

  async function write(fields: Partial<SessionRecord>, base?: Record<string, string>) {
    return workspace.write([{ entity: 'sessionRecord', id: record!.id, fields, base }]);
  }
  async function start(from: SessionRecord | null) {
    try {
      const fresh = newRecord(visit, workspace.therapistId, from, latestIntake(intakes));
      await workspace.write([{ entity: 'sessionRecord', id: fresh.id, fields: fresh, op: 'create' }]);
      setUnreadCopies(fresh.id, from ? filledBy(from) : []);
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }
  /**
   * Signs what is on screen: waits for every text being saved, then sends,
   * with the signature, the HLC of each content field as shown. If another
   * device changed any of them meanwhile, the server refuses the signature
   * and the therapist reads the newer text before signing again.
   */
  function askToSign() {
    if (!record) return;
    // What the therapist is looking at when they tap: leaving a field may show a newer text
    // that arrived while it was being edited, and nobody signs what they have not read.
    const shown = pressed.current ?? snapshot();
    pressed.current = null;
    // A copied note nobody read is not signed: the device refuses, at the field.
    if (unread.length > 0) {
      refusedCopies.value = true;
      document.getElementById(`copied-${unread[0]}`)?.focus();
      return;
    }
    confirming.value = shown;
  }
  async function sign() {
    const shown = confirming.value;
    confirming.value = null;
    if (!record || !shown) return;
    try {
      await Promise.all([...editors.values()].map((editor) => editor.flush()));
      // The field just left shows a held-back newer text once its own save is done: let that happen first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if ([...editors].some(([field, editor]) => editor.text.value !== shown.get(field))) {
        error.value = m.signChanged;
        return;
      }
      error.value = null;
      const base = Object.fromEntries(SIGNED_CONTENT_FIELDS.map((field) => [field, editors.get(field)?.seen() ?? clocks[field] ?? HLC_ZERO]));
      await workspace.write(
        [{ entity: 'sessionRecord', id: record.id, fields: { signedAt: new Date().toISOString(), signedBy: therapist?.name ?? '' }, base }],
        { durability: 'strict' },
      );
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }

  const locked = record?.signedAt != null;
  const textProps = record && { workspace, record, clocks, disabled: locked, save: write, editors, unread, refused: refusedCopies.value };
  const copiedNote = (field: CopiedField, label: string) =>
    record && unread.includes(field) ? <CopiedNote recordId={record.id} field={field} label={label} refused={refusedCopies.value} /> : null;
  return (
    <section class="session-form" aria-labelledby="record-title">
      <Link class="back-link" href={`/visits/${visit.id}`}>
        ‹ {client ? clientFullName(client) : messages.value.visit.back}
      </Link>
      <h1 id="record-title" ref={heading} tabIndex={-1}>
        {m.record}
      </h1>
      <p class="session-form__date">{m.sessionOf(visit.date)}</p>
      <ContraindicationFlags intakes={intakes} />
      {error.value && (
        <p class="form__error" role="alert">
          {error.value}
        </p>
      )}
      {record && <RecordRefusals workspace={workspace} recordId={record.id} />}

      {!record && (
        <div class="actions">
          <button type="button" class="button button--primary button--big" onClick={() => void start(null)}>
            {m.start}
          </button>
          {last && (
            <button type="button" class="button" onClick={() => void start(last.record)}>
              {m.startFromLast(last.date)}
            </button>
          )}
        </div>
      )}

      {record && (
        <form class={`form soap${locked ? ' soap--locked' : ''}`} onSubmit={(event) => event.preventDefault()}>
          {locked && (
            <p class="signed" role="status">
              {m.signedBy(record.signedBy, format(new Date(record.signedAt!), 'yyyy-MM-dd HH:mm'))}
            </p>
          )}
          <PainPicker label={m.painBefore} name="painBefore" value={record.painBefore} disabled={locked} onChange={(painBefore) => void write({ painBefore })} />
          {(['subjective', 'objective', 'assessment', 'plan'] as const).map((field) => (
            <RecordText key={`${record.id}-${field}`} {...textProps!} field={field} label={m[field]} rows={4} />
          ))}
          <fieldset class="choices" disabled={locked}>
            <legend>{m.techniques}</legend>
            {copiedNote('techniques', m.techniques)}
            {TECHNIQUES.map((technique) => (
              <label class="choice" key={technique}>
                <input
                  type="checkbox"
                  checked={record.techniques.includes(technique)}
                  onChange={(event) => {
                    confirmCopy(record.id, 'techniques');
                    void write({
                      techniques: event.currentTarget.checked ? [...record.techniques, technique] : record.techniques.filter((entry) => entry !== technique),
                    });
                  }}
                />
                <span>{m.technique[technique]}</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="choices choices--row" disabled={locked}>
            <legend>{m.pressure}</legend>
            {copiedNote('pressure', m.pressure)}
            {PRESSURES.map((pressure) => (
              <label class="choice" key={pressure}>
                <input type="radio" name="pressure" checked={record.pressure === pressure} onChange={() => (confirmCopy(record.id, 'pressure'), void write({ pressure }))} />
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
          {copiedNote('bodyChart', m.bodyChart)}
          <BodyChart chart={record.bodyChart} disabled={locked} onChange={(bodyChart) => (confirmCopy(record.id, 'bodyChart'), void write({ bodyChart }))} />
          <RecordText {...textProps!} field="products" label={m.products} rows={1} />
          <PainPicker label={m.painAfter} name="painAfter" value={record.painAfter} disabled={locked} onChange={(painAfter) => void write({ painAfter })} />
          <RecordText {...textProps!} field="clientResponse" label={m.clientResponse} rows={3} />
          <RecordText {...textProps!} field="homeCare" label={m.homeCare} rows={3} />
          <RecordText {...textProps!} field="nextVisit" label={m.nextVisit} rows={1} />
          {!locked && !confirming.value && (
            <button
              type="button"
              class="button button--primary button--big"
              onPointerDown={() => (pressed.current = snapshot())}
              onPointerCancel={() => (pressed.current = null)}
              onClick={askToSign}
            >
              {m.sign}
            </button>
          )}
          {!locked && confirming.value && (
            // In place of the button just tapped: where the therapist is looking, not a browser dialog at the top.
            <div class="sign-confirm" role="alertdialog" aria-labelledby="sign-confirm-text" tabIndex={-1} ref={confirmPanel}>
              <p id="sign-confirm-text">{m.signConfirm}</p>
              <div class="sign-confirm__actions">
                <button type="button" class="button button--primary button--big" onClick={() => void sign()}>
                  {m.signConfirmYes}
                </button>
                <button type="button" class="button button--big" onClick={() => (confirming.value = null)}>
                  {m.signConfirmNo}
                </button>
              </div>
            </div>
          )}
        </form>
      )}

      {record && locked && <Amendments workspace={workspace} record={record} />}

      {previous.length > 0 && (
        <section class="card" aria-labelledby="previous-title">
          <h2 id="previous-title">{m.previous}</h2>
          <ol class="plain-list">
            {previous.map(({ record: entry, date }) => (
              <li key={entry.id} class="refusal">
                <strong>{date}</strong>
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
  workspace: Workspace;
  field: TextField;
  label: string;
  record: SessionRecord;
  clocks: Record<string, string>;
  disabled: boolean;
  rows: number;
  save(fields: Partial<SessionRecord>, base: Record<string, string>): Promise<{ hlc: string }>;
  editors: Map<string, EditorHandle>;
  unread: readonly CopiedField[];
  refused: boolean;
}) {
  const { workspace, field, label, record, clocks, disabled, rows, save, editors, unread, refused } = props;
  const hlc = clocks[field] ?? HLC_ZERO;
  const editor = useEditedText({ value: record[field], hlc, save: (text, base) => save({ [field]: text }, { [field]: base }) });
  const input = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  editors.set(field, editor);
  const id = `record-${field}`;
  // The same behaviour for a paragraph (textarea) and a one-liner (input).
  const common = {
    id,
    ref: input,
    value: editor.text.value,
    readOnly: disabled,
    onInput: (event: Event) => {
      confirmCopy(record.id, field);
      editor.onInput(event);
    },
    onFocus: editor.onFocus,
    onBlur: editor.onBlur,
    'aria-describedby': `${id}-status`,
  };
  const freeText = (FREE_TEXT_FIELDS.sessionRecord as readonly string[]).includes(field);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {freeText && (
        <FieldConflicts workspace={workspace} entity="sessionRecord" recordId={record.id} field={field} label={label} current={record[field]} currentHlc={hlc} locked={disabled} />
      )}
      {(unread as readonly string[]).includes(field) && <CopiedNote recordId={record.id} field={field as CopiedField} label={label} refused={refused} />}
      {rows > 1 ? <textarea {...common} class="note" rows={rows} /> : <input {...common} type="text" />}
      {!disabled && <DictationButton field={input} label={label} />}
      <SaveStatus id={`${id}-status`} state={editor.state.value} />
    </div>
  );
}

/** A field copied from the last session, until edited or kept: never signed unread. */
function CopiedNote({ recordId, field, label, refused }: { recordId: string; field: CopiedField; label: string; refused: boolean }) {
  const m = clinicalCatalogs[locale.value];
  return (
    <div class="copied" id={`copied-${field}`} tabIndex={-1} data-copied={field}>
      <p class="copied__text">{m.copied}</p>
      {refused && (
        <p class="form__error" role="alert">
          {m.copyUnread}
        </p>
      )}
      <button type="button" class="button" aria-label={`${m.keepCopy} (${label})`} onClick={() => confirmCopy(recordId, field)}>
        {m.keepCopy}
      </button>
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
