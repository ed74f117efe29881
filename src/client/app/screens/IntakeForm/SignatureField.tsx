import SignaturePad from 'signature_pad';
import { useEffect, useRef } from 'preact/hooks';
import { shownTheme } from '../../../state/appearance';

/*
 * The pad follows the theme (a white panel glares in a dim room), but the stored
 * signature is always dark ink on a transparent background, as before: it is shown
 * on white (.signature-image) and printed, whatever the theme of the device.
 */
const STORED_INK = '#1c2526';
const PAD_COLOURS = {
  light: { pen: STORED_INK, background: 'rgb(255,255,255)' },
  dark: { pen: '#e8eeee', background: 'rgb(24,32,36)' },
} as const;

/** The strokes as SVG in the stored ink, whatever colour they are drawn in. */
function storedSvg(pad: SignaturePad): string {
  const shown = pad.toData();
  pad.fromData(shown.map((group) => ({ ...group, penColor: STORED_INK })));
  const svg = pad.toSVG();
  pad.fromData(shown);
  return svg;
}

/** Redraws the strokes in the theme's colours. */
function paint(pad: SignaturePad, theme: 'light' | 'dark'): void {
  const colours = PAD_COLOURS[theme];
  pad.penColor = colours.pen;
  pad.backgroundColor = colours.background;
  pad.fromData(pad.toData().map((group) => ({ ...group, penColor: colours.pen })));
}

/**
 * A drawn signature (signature_pad on a canvas), reported as SVG. Lives in
 * the intake form's chunk: the day view never downloads it.
 */
export function SignatureField({ label, clearLabel, onChange }: { label: string; clearLabel: string; onChange(svg: string): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);

  useEffect(() => {
    const element = canvas.current!;
    // Draw at the screen's pixel density, or the strokes come out blurred.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    element.width = element.offsetWidth * ratio;
    element.height = element.offsetHeight * ratio;
    element.getContext('2d')!.scale(ratio, ratio);
    const colours = PAD_COLOURS[shownTheme.peek()];
    const created = new SignaturePad(element, { penColor: colours.pen, backgroundColor: colours.background });
    created.addEventListener('endStroke', () => onChange(created.isEmpty() ? '' : storedSvg(created)));
    pad.current = created;
    // A theme chosen (or the device switching) while the form is open.
    const stopFollowing = shownTheme.subscribe((theme) => paint(created, theme));
    return () => {
      stopFollowing();
      created.off();
    };
  }, []);

  return (
    <div class="signature">
      <span class="signature__label" id="signature-label">
        {label}
      </span>
      <canvas ref={canvas} class="signature__canvas" aria-labelledby="signature-label" role="img" />
      <button
        type="button"
        class="button"
        onClick={() => {
          pad.current?.clear();
          onChange('');
        }}
      >
        {clearLabel}
      </button>
    </div>
  );
}
