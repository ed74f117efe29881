import { describe, expect, it } from 'vitest';
import { finalPhrases, insertPhrase, localRecognition, onDeviceSpeech, type RecognitionResultEvent } from './on-device-speech';

/** A recogniser that answers `availability` and records what it was asked. */
function fakeRecogniser(availability: 'available' | 'unavailable' | 'downloadable' | 'downloading') {
  const asked: unknown[] = [];
  class FakeRecognition extends EventTarget {
    lang = '';
    continuous = false;
    interimResults = true;
    processLocally = false;
    start() {}
    stop() {}
    abort() {}
    static available(options: unknown) {
      asked.push(options);
      return Promise.resolve(availability);
    }
  }
  return { FakeRecognition, asked };
}

describe('on-device speech detection', () => {
  it('offers the recogniser only when the language is available on the device, asking for local processing', async () => {
    const { FakeRecognition, asked } = fakeRecogniser('available');
    expect(await onDeviceSpeech('fr-CA', { SpeechRecognition: FakeRecognition })).toBe(FakeRecognition);
    expect(asked).toEqual([{ langs: ['fr-CA'], processLocally: true }]);
  });

  it.each(['unavailable', 'downloadable', 'downloading'] as const)('offers nothing when the answer is %s', async (answer) => {
    expect(await onDeviceSpeech('en-CA', { SpeechRecognition: fakeRecogniser(answer).FakeRecognition })).toBeNull();
  });

  it('offers nothing without the API, with only the cloud recogniser, or when asking fails', async () => {
    expect(await onDeviceSpeech('fr-CA', {})).toBeNull();
    // webkitSpeechRecognition (or a SpeechRecognition without `available`) would send audio away.
    expect(await onDeviceSpeech('fr-CA', { SpeechRecognition: class extends EventTarget {} })).toBeNull();
    const failing = Object.assign(class extends EventTarget {}, { available: () => Promise.reject(new Error('no')) });
    expect(await onDeviceSpeech('fr-CA', { SpeechRecognition: failing })).toBeNull();
  });

  it('sets every recognition to process locally, and refuses one that does not know how', () => {
    const { FakeRecognition } = fakeRecogniser('available');
    const recognition = localRecognition(FakeRecognition, 'fr-CA');
    expect(recognition).toMatchObject({ processLocally: true, lang: 'fr-CA', continuous: true, interimResults: false });
    const cloudOnly = class extends EventTarget {
      lang = '';
      start() {}
    };
    expect(() => localRecognition(cloudOnly as unknown as typeof FakeRecognition, 'fr-CA')).toThrow(/on-device/);
  });
});

describe('dictated phrases', () => {
  it('takes the final results from resultIndex on, trimmed, and skips interim ones', () => {
    const result = (transcript: string, isFinal: boolean) => ({ isFinal, 0: { transcript } });
    const event = { resultIndex: 1, results: [result('déjà inséré', true), result(' raideur au cou ', true), result('en cours', false)] } as unknown as RecognitionResultEvent;
    expect(finalPhrases(event)).toEqual(['raideur au cou']);
  });

  it('goes in at the cursor with a space where words would touch, and the cursor after it', () => {
    expect(insertPhrase('', 0, 0, 'Dos raide')).toEqual({ value: 'Dos raide', cursor: 9 });
    expect(insertPhrase('Dos raide.', 10, 10, 'Mieux après')).toEqual({ value: 'Dos raide. Mieux après', cursor: 22 });
    expect(insertPhrase('Dos  raide', 4, 4, 'très')).toEqual({ value: 'Dos très raide', cursor: 8 });
    expect(insertPhrase('Dos mou', 4, 7, 'raide')).toEqual({ value: 'Dos raide', cursor: 9 });
  });
});
