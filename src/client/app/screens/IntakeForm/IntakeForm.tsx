import { FormFeedback, type Feedback } from '../../components/FormFeedback';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { format } from 'date-fns';
import { latestIntake } from '../../../../shared/contraindications';
import { ALLERGIES, CONDITIONS, PRESSURES, blankIntakeAnswers, clientFullName, intakeAnswers, type Intake, type IntakeAnswers } from '../../../../shared/domain';
import { uuidv7 } from '../../../../shared/ids';
import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { locale } from '../../../state/locale';
import { clientHref, navigate } from '../../../state/route';
import type { Workspace } from '../../../state/workspace';
import { DictationButton } from '../../components/DictationButton';
import { Link } from '../../components/Link';
import { useLiveQuery } from '../../use-live-query';
import { useScreenFocus } from '../../use-screen-focus';
import { SignatureField } from './SignatureField';
import '../../later-screens.css';
import './intake-form.css';

// `pregnant` apart from the weeks: ticking it must not write a number of weeks nobody gave.
type Draft = IntakeAnswers & { signedName: string; signature: string; pregnant: boolean };

/**
 * A client's health history. Saving always creates a new version (pre-filled
 * from the latest); the consent is signed again in the client's language,
 * and the version of the text they signed is kept with it.
 */
export function IntakeForm({ workspace, clientId, fromVisit = null }: { workspace: Workspace; clientId: string; fromVisit?: string | null }) {
  const heading = useScreenFocus<HTMLHeadingElement>(`intake-${clientId}`);
  const data = useLiveQuery(async () => ({ client: await workspace.visits.clientById(clientId), intakes: await workspace.clinical.intakesOf(clientId) }), [workspace, clientId]).data.value;
  const draft = useSignal<Draft | null>(null);
  const feedback = useSignal<Feedback | null>(null);
  const m = clinicalCatalogs[locale.value];
  // The free-text answers a microphone can fill.
  const spoken = {
    conditionDetails: useRef<HTMLTextAreaElement>(null),
    medications: useRef<HTMLTextAreaElement>(null),
    allergyDetails: useRef<HTMLInputElement>(null),
    areasOfConcern: useRef<HTMLTextAreaElement>(null),
    goals: useRef<HTMLTextAreaElement>(null),
  };

  if (!data) return null;
  const { client, intakes } = data;
  if (!client) return <p class="empty">{m.file.empty}</p>;
  const latest = latestIntake(intakes);
  if (draft.value === null) {
    const answers = latest ? intakeAnswers(latest) : blankIntakeAnswers();
    draft.value = { ...answers, pregnant: answers.pregnancyWeeks !== null, signedName: `${client.firstName} ${client.lastName}`, signature: '' };
  }
  const d = draft.value;
  const set = (patch: Partial<Draft>) => (draft.value = { ...draft.value!, ...patch });
  // The consent is read in the client's language, whatever the app's.
  const consent = clinicalCatalogs[client.language].consentText;
  const version = (latest?.version ?? 0) + 1;

  async function save(event: Event) {
    event.preventDefault();
    if (!d.signedName.trim() || !d.signature) {
      feedback.value = { ok: false, text: m.intake.needsConsent };
      return;
    }
    if (d.pregnant && d.pregnancyWeeks === null) {
      feedback.value = { ok: false, text: m.intake.needsWeeks };
      return;
    }
    const { signedName, signature, pregnant, ...answers } = d;
    if (!pregnant) answers.pregnancyWeeks = null;
    const intake: Intake = {
      ...answers,
      id: uuidv7(),
      clientId,
      therapistId: workspace.therapistId,
      version,
      createdAt: new Date().toISOString(),
      consent: { textVersion: consent.version, language: client!.language, signedName: signedName.trim(), signedOn: format(new Date(), 'yyyy-MM-dd'), signature },
    };
    try {
      await workspace.write([{ entity: 'intake', id: intake.id, op: 'create', fields: intake }]);
      feedback.value = { ok: true, text: m.intake.saved };
      navigate(clientHref(clientId, fromVisit));
    } catch (failure) {
      feedback.value = { ok: false, text: m.intake.failed(failure instanceof Error ? failure.message : String(failure)) };
    }
  }

  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((entry) => entry !== item));
  return (
    <section class="intake-form" aria-labelledby="intake-title">
      <Link class="back-link" href={clientHref(clientId, fromVisit)}>
        ‹ {m.file.open}
      </Link>
      <h1 id="intake-title" ref={heading} tabIndex={-1}>
        {m.intake.title(clientFullName(client))}
      </h1>
      <p class="muted">{m.intake.newVersion(version)}</p>
      <form class="form" onSubmit={(event) => void save(event)}>
        <label class="field">
          <span>{m.intake.emergencyContact}</span>
          <input type="text" value={d.emergencyContact} onInput={(event) => set({ emergencyContact: event.currentTarget.value })} />
        </label>
        <fieldset class="choices">
          <legend>{m.intake.conditions}</legend>
          {CONDITIONS.map((condition) => (
            <label class="choice" key={condition}>
              <input type="checkbox" checked={d.conditions.includes(condition)} onChange={(event) => set({ conditions: toggle(d.conditions, condition, event.currentTarget.checked) })} />
              <span>{m.intake.condition[condition]}</span>
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span>{m.intake.conditionDetails}</span>
          <textarea ref={spoken.conditionDetails} class="note" rows={2} value={d.conditionDetails} onInput={(event) => set({ conditionDetails: event.currentTarget.value })} />
        </label>
        <DictationButton field={spoken.conditionDetails} label={m.intake.conditionDetails} />
        <label class="field">
          <span>{m.intake.medications}</span>
          <textarea ref={spoken.medications} class="note" rows={2} value={d.medications} onInput={(event) => set({ medications: event.currentTarget.value })} />
        </label>
        <DictationButton field={spoken.medications} label={m.intake.medications} />
        <fieldset class="choices">
          <legend>{m.intake.allergies}</legend>
          {ALLERGIES.map((allergy) => (
            <label class="choice" key={allergy}>
              <input type="checkbox" checked={d.allergies.includes(allergy)} onChange={(event) => set({ allergies: toggle(d.allergies, allergy, event.currentTarget.checked) })} />
              <span>{m.intake.allergy[allergy]}</span>
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span>{m.intake.allergyDetails}</span>
          <input ref={spoken.allergyDetails} type="text" value={d.allergyDetails} onInput={(event) => set({ allergyDetails: event.currentTarget.value })} />
        </label>
        <DictationButton field={spoken.allergyDetails} label={m.intake.allergyDetails} />
        <label class="choice">
          <input type="checkbox" checked={d.pregnant} onChange={(event) => set({ pregnant: event.currentTarget.checked, pregnancyWeeks: null })} />
          <span>{m.intake.pregnant}</span>
        </label>
        {d.pregnant && (
          <label class="field">
            <span>{m.intake.pregnancyWeeks}</span>
            <input
              type="number"
              min={1}
              max={42}
              value={d.pregnancyWeeks ?? ''}
              onInput={(event) => {
                const weeks = Number(event.currentTarget.value);
                set({ pregnancyWeeks: event.currentTarget.value !== '' && Number.isInteger(weeks) && weeks >= 1 && weeks <= 42 ? weeks : null });
              }}
            />
          </label>
        )}
        <label class="field">
          <span>{m.intake.areasOfConcern}</span>
          <textarea ref={spoken.areasOfConcern} class="note" rows={2} value={d.areasOfConcern} onInput={(event) => set({ areasOfConcern: event.currentTarget.value })} />
        </label>
        <DictationButton field={spoken.areasOfConcern} label={m.intake.areasOfConcern} />
        <label class="field">
          <span>{m.intake.goals}</span>
          <textarea ref={spoken.goals} class="note" rows={2} value={d.goals} onInput={(event) => set({ goals: event.currentTarget.value })} />
        </label>
        <DictationButton field={spoken.goals} label={m.intake.goals} />
        <fieldset class="choices choices--row">
          <legend>{m.intake.pressurePreference}</legend>
          {PRESSURES.map((pressure) => (
            <label class="choice" key={pressure}>
              <input type="radio" name="pressure" checked={d.pressurePreference === pressure} onChange={() => set({ pressurePreference: pressure })} />
              <span>{m.pressures[pressure]}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="consent" lang={client.language === 'fr' ? 'fr-CA' : 'en-CA'}>
          <legend>{m.intake.consent}</legend>
          <p class="consent__text">{consent.text}</p>
          <label class="field">
            <span>{m.intake.signedName}</span>
            <input type="text" value={d.signedName} onInput={(event) => set({ signedName: event.currentTarget.value })} />
          </label>
          <SignatureField label={m.intake.signature} clearLabel={m.intake.clearSignature} onChange={(signature) => set({ signature })} />
        </fieldset>
        <button type="submit" class="button button--primary button--big">
          {m.intake.save}
        </button>
        <FormFeedback feedback={feedback.value} />
      </form>
    </section>
  );
}
