import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { dictationCatalogs } from '../../i18n/dictation-messages';
import { locale } from '../../state/locale';
import { finalPhrases, insertPhrase, localRecognition, onDeviceSpeech, type Recognition, type RecognitionResultEvent } from '../on-device-speech';
import './dictation.css';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * A microphone for one free-text field, shown only where the browser
 * recognises the therapist's language on the device. Each finished phrase
 * goes in at the field's cursor (at the end if it was never placed) as an
 * `input` event, so it is saved exactly like typing: same autosave, same
 * base, same conflicts. Listening stops on a second tap, when the button
 * loses focus, when the app is hidden, and when the screen is left.
 */
export function DictationButton({ field, label }: { field: RefObject<TextField | null>; label: string }) {
  const lang = locale.value === 'fr' ? 'fr-CA' : 'en-CA';
  const m = dictationCatalogs[locale.value];
  const recogniser = useSignal<Awaited<ReturnType<typeof onDeviceSpeech>>>(null);
  const listening = useSignal(false);
  const problem = useSignal<string | null>(null);
  const active = useRef<Recognition | null>(null);

  useEffect(() => {
    let current = true;
    recogniser.value = null;
    void onDeviceSpeech(lang).then((found) => current && (recogniser.value = found));
    return () => void (current = false);
  }, [lang]);

  function stop() {
    active.current?.stop();
    active.current = null;
    listening.value = false;
  }

  useEffect(() => {
    const onHidden = () => document.visibilityState === 'hidden' && stop();
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      // The field is going away: what is still being recognised has nowhere to go.
      active.current?.abort();
      active.current = null;
    };
  }, []);

  function insert(phrase: string) {
    const element = field.current;
    if (!element || element.readOnly || element.disabled) return;
    const { value, cursor } = insertPhrase(element.value, element.selectionStart ?? element.value.length, element.selectionEnd ?? element.value.length, phrase);
    element.value = value;
    element.setSelectionRange(cursor, cursor);
    // The field's own onInput handler saves it, as for a keystroke.
    element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: phrase }));
  }

  function start(button: HTMLButtonElement) {
    const constructor = recogniser.value;
    if (!constructor) return;
    let recognition: Recognition;
    try {
      recognition = localRecognition(constructor, lang);
    } catch (failure) {
      problem.value = m.failed(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    recognition.addEventListener('result', (event) => finalPhrases(event as RecognitionResultEvent).forEach(insert));
    recognition.addEventListener('error', (event) => {
      const code = (event as Event & { error?: string }).error ?? 'error';
      if (code !== 'aborted' && code !== 'no-speech') problem.value = code === 'not-allowed' ? m.micDenied : m.failed(code);
    });
    recognition.addEventListener('end', () => {
      if (active.current === recognition) {
        active.current = null;
        listening.value = false;
      }
    });
    problem.value = null;
    active.current = recognition;
    listening.value = true;
    // Blur is what stops it, so the button must hold the focus (a tap does not focus everywhere).
    button.focus();
    recognition.start();
  }

  if (!recogniser.value) return null;
  return (
    <div class="dictation">
      <button
        type="button"
        class="button dictation__button"
        aria-pressed={listening.value}
        aria-label={m.dictateInto(label)}
        onClick={(event) => (listening.value ? stop() : start(event.currentTarget))}
        onBlur={stop}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path fill="currentColor" d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V22h2v-3.08A7 7 0 0 0 19 12h-2Z" />
        </svg>
        {m.dictate}
      </button>
      {listening.value && (
        <span class="dictation__listening" role="status">
          {m.listening}
        </span>
      )}
      {problem.value && (
        <p class="form__error" role="alert">
          {problem.value}
        </p>
      )}
    </div>
  );
}
