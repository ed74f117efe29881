import { applyUpdate, updateWaiting } from '../../state/app-update';
import { messages } from '../../state/locale';
import { reloadNeeded } from '../../state/workspace';

/** A new version waits for the therapist's tap; it never reloads the page by itself. */
export function UpdateBanner() {
  const m = messages.value;
  if (reloadNeeded.value) {
    return (
      <div class="banner" role="alert">
        <p>{m.errors.reloadNeeded}</p>
        <button type="button" class="button" onClick={() => location.reload()}>
          {m.errors.reload}
        </button>
      </div>
    );
  }
  if (!updateWaiting.value) return null;
  return (
    <div class="banner" role="status">
      <p>{m.update.available}</p>
      <button type="button" class="button" onClick={applyUpdate}>
        {m.update.reload}
      </button>
    </div>
  );
}
