import { messages } from '../../state/locale';
import type { SaveState } from '../use-autosave';

/** "Saving…", "Saved on this device", or why it was not saved (the text stays where it is). */
export function SaveStatus({ id, state }: { id: string; state: SaveState }) {
  const m = messages.value.note;
  const failed = state.kind === 'failed';
  return (
    <p id={id} class={failed ? 'form__error' : 'muted'} role={failed ? 'alert' : 'status'}>
      {state.kind === 'saving' && m.saving}
      {state.kind === 'saved' && m.saved}
      {state.kind === 'failed' && m.failed(state.detail)}
    </p>
  );
}
