/**
 * Keeps what is typed out of Chromium's session-restore files. For each tab,
 * Chromium saves the state of form controls (the text of a note, the boxes
 * ticked in an intake) in the profile's `Sessions` folder, in clear, so that
 * a restored tab shows them again. It skips a control whose autocomplete is
 * off. This app restores its own fields from IndexedDB, so every field
 * without an autocomplete purpose of its own (the sign-in's email and
 * password have one) is marked off when it is first focused, before anything
 * is typed, and whatever screen added it.
 */
export function keepFieldsOutOfSessionRestore(root: Document = document): void {
  root.addEventListener(
    'focusin',
    (event) => {
      const field = event.target;
      if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) && !field.hasAttribute('autocomplete')) {
        field.setAttribute('autocomplete', 'off');
      }
    },
    true,
  );
}
