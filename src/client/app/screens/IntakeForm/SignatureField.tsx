import SignaturePad from 'signature_pad';
import { useEffect, useRef } from 'preact/hooks';

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
    const created = new SignaturePad(element, { penColor: '#1c2526', backgroundColor: 'rgb(255,255,255)' });
    created.addEventListener('endStroke', () => onChange(created.isEmpty() ? '' : created.toSVG()));
    pad.current = created;
    return () => created.off();
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
