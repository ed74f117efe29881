/*
 * Chrome's speech recognition, only where it runs on the device. A client's
 * health details are never sent to a speech service: the cloud recogniser
 * (`webkitSpeechRecognition`, or `SpeechRecognition` without `processLocally`)
 * is never used, and without on-device support there is no dictation at all.
 */

/** What the page needs of a recognition instance (lib.dom does not declare it). */
export interface Recognition extends EventTarget {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  processLocally: boolean;
  start(): void;
  stop(): void;
  abort(): void;
}

/** A `result` event: the finished phrases are the final results from `resultIndex` on. */
export interface RecognitionResultEvent extends Event {
  resultIndex: number;
  results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }>;
}

type Availability = 'available' | 'downloadable' | 'downloading' | 'unavailable';

interface RecognitionConstructor {
  new (): Recognition;
  available?(options: { langs: string[]; processLocally: boolean }): Promise<Availability>;
}

/** Where the constructor is looked up: the page's window, or a stand-in in tests. */
export type SpeechScope = { SpeechRecognition?: unknown };

const checked = new Map<string, Promise<RecognitionConstructor | null>>();

/**
 * The recogniser for `lang` (a BCP 47 tag such as fr-CA) if this browser says
 * it can recognise that language on the device right now, else null. Asked
 * once per language and scope; 'downloadable' or 'downloading' count as no.
 */
export function onDeviceSpeech(lang: string, scope: SpeechScope = globalThis as SpeechScope): Promise<RecognitionConstructor | null> {
  if (scope !== globalThis) return ask(lang, scope);
  const answer = checked.get(lang) ?? ask(lang, scope);
  checked.set(lang, answer);
  return answer;
}

async function ask(lang: string, scope: SpeechScope): Promise<RecognitionConstructor | null> {
  const constructor = scope.SpeechRecognition as RecognitionConstructor | undefined;
  // Only the unprefixed API has `available`; the prefixed one would send audio away.
  if (typeof constructor !== 'function' || typeof constructor.available !== 'function') return null;
  try {
    return (await constructor.available({ langs: [lang], processLocally: true })) === 'available' ? constructor : null;
  } catch {
    return null;
  }
}

/**
 * A recognition instance set to stay on the device, continuous, final
 * phrases only. Refuses (throws) if the instance does not know
 * `processLocally`: setting an unknown property would change nothing and the
 * audio could go to the cloud.
 */
export function localRecognition(constructor: RecognitionConstructor, lang: string): Recognition {
  const recognition = new constructor();
  if (!('processLocally' in recognition)) throw new Error('on-device recognition unsupported');
  recognition.processLocally = true;
  recognition.lang = lang;
  recognition.continuous = true;
  recognition.interimResults = false;
  return recognition;
}

/** The finished phrases of one `result` event, in order. */
export function finalPhrases(event: RecognitionResultEvent): string[] {
  const phrases: string[] = [];
  for (let index = event.resultIndex; index < event.results.length; index++) {
    const result = event.results[index]!;
    const transcript = result.isFinal ? result[0].transcript.trim() : '';
    if (transcript) phrases.push(transcript);
  }
  return phrases;
}

/**
 * `value` with `phrase` put in place of the selection [start, end), with a
 * space on either side where a word would otherwise touch it. Returns the new
 * value and where the cursor goes (after the phrase).
 */
export function insertPhrase(value: string, start: number, end: number, phrase: string): { value: string; cursor: number } {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  const inserted = `${lead}${phrase}${trail}`;
  return { value: before + inserted + after, cursor: before.length + lead.length + phrase.length };
}
