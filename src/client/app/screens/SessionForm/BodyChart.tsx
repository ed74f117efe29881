import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { BODY_MARKS, type BodyMark } from '../../../../shared/domain';
import { locale } from '../../../state/locale';

/** Simple outlines, front and back; each region is a shape with a stable id. */
const REGIONS: { id: string; shape: 'ellipse' | 'rect'; x: number; y: number; w: number; h: number }[] = [
  { id: 'head', shape: 'ellipse', x: 50, y: 14, w: 22, h: 26 },
  { id: 'neck', shape: 'rect', x: 43, y: 28, w: 14, h: 9 },
  { id: 'shoulder-left', shape: 'ellipse', x: 30, y: 42, w: 20, h: 14 },
  { id: 'shoulder-right', shape: 'ellipse', x: 70, y: 42, w: 20, h: 14 },
  { id: 'upper-torso', shape: 'rect', x: 36, y: 40, w: 28, h: 28 },
  { id: 'lower-torso', shape: 'rect', x: 36, y: 69, w: 28, h: 24 },
  { id: 'arm-left', shape: 'rect', x: 16, y: 50, w: 12, h: 50 },
  { id: 'arm-right', shape: 'rect', x: 72, y: 50, w: 12, h: 50 },
  { id: 'hips', shape: 'rect', x: 36, y: 94, w: 28, h: 16 },
  { id: 'thigh-left', shape: 'rect', x: 36, y: 111, w: 13, h: 36 },
  { id: 'thigh-right', shape: 'rect', x: 51, y: 111, w: 13, h: 36 },
  { id: 'leg-left', shape: 'rect', x: 37, y: 148, w: 11, h: 36 },
  { id: 'leg-right', shape: 'rect', x: 52, y: 148, w: 11, h: 36 },
  { id: 'foot-left', shape: 'ellipse', x: 41, y: 190, w: 12, h: 7 },
  { id: 'foot-right', shape: 'ellipse', x: 59, y: 190, w: 12, h: 7 },
];

const FILL: Record<BodyMark | 'none', string> = { none: 'transparent', tension: '#e0a100', pain: '#c62828', treated: '#2e7d32' };

function nextMark(mark: BodyMark | undefined): BodyMark | undefined {
  const order: (BodyMark | undefined)[] = [undefined, ...BODY_MARKS];
  return order[(order.indexOf(mark) + 1) % order.length];
}

/** Front and back; tapping a region cycles tension → pain → treated → clear. Saved like any field. */
export function BodyChart({ chart, disabled, onChange }: { chart: Record<string, BodyMark>; disabled: boolean; onChange(chart: Record<string, BodyMark>): void }) {
  const m = clinicalCatalogs[locale.value];
  const toggle = (key: string) => {
    if (disabled) return;
    const next = { ...chart };
    const mark = nextMark(chart[key]);
    if (mark) next[key] = mark;
    else delete next[key];
    onChange(next);
  };
  return (
    <figure class="body-chart">
      <figcaption>{m.bodyChart}</figcaption>
      <div class="body-chart__views">
        {(['front', 'back'] as const).map((side) => (
          <svg key={side} viewBox="0 0 100 200" role="group" aria-label={m[side]}>
            <text x="50" y="199" text-anchor="middle" class="body-chart__label">
              {m[side]}
            </text>
            {REGIONS.map((region) => {
              const key = `${side}:${region.id}`;
              const mark = chart[key];
              const label = `${m[side]}: ${region.id.replace('-', ' ')}${mark ? ` (${m.marks[mark]})` : ''}`;
              const common = { fill: FILL[mark ?? 'none'], class: 'body-chart__region' };
              return (
                <g
                  key={key}
                  role="button"
                  tabIndex={disabled ? -1 : 0}
                  aria-label={label}
                  aria-disabled={disabled}
                  data-region={key}
                  data-mark={mark ?? ''}
                  onClick={() => toggle(key)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      toggle(key);
                    }
                  }}
                >
                  {region.shape === 'ellipse' ? (
                    <ellipse cx={region.x} cy={region.y} rx={region.w / 2} ry={region.h / 2} {...common} />
                  ) : (
                    <rect x={region.x} y={region.y} width={region.w} height={region.h} rx="4" {...common} />
                  )}
                </g>
              );
            })}
          </svg>
        ))}
      </div>
      <p class="body-chart__legend">
        {BODY_MARKS.map((mark) => (
          <span key={mark}>
            <span class="swatch" style={{ background: FILL[mark] }} aria-hidden="true" /> {m.marks[mark]}
          </span>
        ))}
      </p>
    </figure>
  );
}
