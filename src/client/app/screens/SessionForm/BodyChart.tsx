import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { clinicalCatalogs } from '../../../i18n/clinical-messages';
import { BODY_MARKS, type BodyMark } from '../../../../shared/domain';
import { locale } from '../../../state/locale';
import { CHART_VIEWS, chartKey, parseKey, readChart, regionsOf, sideOnOurLeft, withMark, type ChartView } from './body-chart-model';

const FILL: Record<BodyMark | 'none', string> = { none: 'transparent', tension: '#e0a100', pain: '#c62828', treated: '#2e7d32', note: '#1565c0' };

/**
 * Front, back and each side. Tapping a region opens a choice of marks at the
 * bottom of the screen, under the finger's hand; only "Clear" removes one.
 * Saved like any field.
 */
export function BodyChart({ chart, disabled, onChange }: { chart: Record<string, BodyMark>; disabled: boolean; onChange(chart: Record<string, BodyMark>): void }) {
  const m = clinicalCatalogs[locale.value];
  const view = useSignal<ChartView>('front');
  const selected = useSignal<string | null>(null);
  const chooser = useRef<HTMLDivElement>(null);
  const marks = readChart(chart);
  // A key this chart does not draw (written by an older or other tool) is shown as written.
  const nameOf = (key: string, mark: BodyMark | null = null) => {
    const parsed = parseKey(key);
    const said = mark ? m.marks[mark] : null;
    return parsed ? m.regionLabel(m.views[parsed.view], m.regions[parsed.region], said) : m.regionLabel(key, '', said).replace(', ', '');
  };
  useEffect(() => {
    if (selected.value) chooser.current?.querySelector('button')?.focus();
  }, [selected.value]);
  const choose = (mark: BodyMark | null) => {
    const key = selected.value;
    selected.value = null;
    if (key && !disabled) onChange(withMark(chart, key, mark));
  };
  const ourLeft = sideOnOurLeft(view.value);
  const letter = (side: 'left' | 'right') => m.sideLetter[side];
  return (
    <figure class="body-chart">
      <figcaption>
        <strong>{m.bodyChart}</strong>
        {!disabled && <span class="muted"> {m.bodyChartHelp}</span>}
      </figcaption>
      <div class="body-chart__tabs" role="group" aria-label={m.bodyChart}>
        {CHART_VIEWS.map((entry) => (
          <button key={entry} type="button" class="button" aria-pressed={view.value === entry} onClick={() => ((view.value = entry), (selected.value = null))}>
            {m.views[entry]}
          </button>
        ))}
      </div>
      <svg viewBox="0 0 100 210" role="group" aria-label={m.views[view.value]} class="body-chart__view" data-view={view.value}>
        {ourLeft && (
          <g aria-hidden="true" class="body-chart__side">
            <text x="3" y="14">
              {letter(ourLeft)}
            </text>
            <text x="97" y="14" text-anchor="end">
              {letter(ourLeft === 'left' ? 'right' : 'left')}
            </text>
          </g>
        )}
        {regionsOf(view.value).map((region) => {
          const key = chartKey(view.value, region.id);
          const mark = marks[key];
          const common = { fill: FILL[mark ?? 'none'], class: 'body-chart__region' };
          return (
            <g
              key={key}
              role="button"
              tabIndex={disabled ? -1 : 0}
              aria-label={m.regionLabel(m.views[view.value], m.regions[region.id], mark ? m.marks[mark] : null)}
              aria-disabled={disabled}
              aria-expanded={selected.value === key}
              data-region={key}
              data-mark={mark ?? ''}
              class={selected.value === key ? 'is-selected' : undefined}
              onClick={() => !disabled && (selected.value = key)}
              onKeyDown={(event) => {
                if (!disabled && (event.key === 'Enter' || event.key === ' ')) {
                  event.preventDefault();
                  selected.value = key;
                }
              }}
            >
              {region.shape === 'ellipse' ? (
                <ellipse cx={region.x + region.w / 2} cy={region.y + region.h / 2} rx={region.w / 2} ry={region.h / 2} {...common} />
              ) : (
                <rect x={region.x} y={region.y} width={region.w} height={region.h} rx="4" {...common} />
              )}
            </g>
          );
        })}
      </svg>
      {selected.value && (
        <div class="mark-chooser" role="group" aria-label={m.chooseMark(nameOf(selected.value))} ref={chooser}>
          <p class="mark-chooser__title">{m.chooseMark(nameOf(selected.value))}</p>
          <div class="mark-chooser__marks">
            {BODY_MARKS.map((mark) => (
              <button key={mark} type="button" class="button" aria-pressed={marks[selected.value!] === mark} onClick={() => choose(mark)}>
                <span class="swatch" style={{ background: FILL[mark] }} aria-hidden="true" /> {m.marks[mark]}
              </button>
            ))}
            {marks[selected.value] && (
              <button type="button" class="button" onClick={() => choose(null)}>
                {m.clearMark}
              </button>
            )}
            <button type="button" class="button" onClick={() => (selected.value = null)}>
              {m.closeMarks}
            </button>
          </div>
        </div>
      )}
      <div class="body-chart__marks">
        <strong>{m.chartMarks}</strong>
        {Object.keys(marks).length === 0 ? (
          <p class="muted">{m.chartEmpty}</p>
        ) : (
          <ul class="plain-list">
            {Object.entries(marks).map(([key, mark]) => (
              <li key={key} data-key={key}>
                <span class="swatch" style={{ background: FILL[mark] }} aria-hidden="true" /> {nameOf(key, mark)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </figure>
  );
}
