/** The result of submitting a form: a quiet status when it worked, an alert saying why when not. */
export interface Feedback {
  ok: boolean;
  text: string;
}

export function FormFeedback({ feedback }: { feedback: Feedback | null }) {
  if (!feedback) return null;
  return (
    <p class={feedback.ok ? 'muted' : 'form__error'} role={feedback.ok ? 'status' : 'alert'}>
      {feedback.text}
    </p>
  );
}
