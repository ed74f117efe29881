import type { BodyMark } from '../../../../shared/domain';

/**
 * The body chart as data. A mark is stored under `view:region`, e.g.
 * "front:left-shoulder"; left and right are always the client's, whatever the
 * view, so a key means the same body part on every screen that reads it.
 */
export const CHART_VIEWS = ['front', 'back', 'left-side', 'right-side'] as const;
export type ChartView = (typeof CHART_VIEWS)[number];

export const REGION_IDS = [
  'head', 'neck', 'left-shoulder', 'right-shoulder', 'chest', 'abdomen', 'upper-back', 'lower-back', 'left-arm', 'right-arm',
  'pelvis', 'glutes', 'left-thigh', 'right-thigh', 'left-leg', 'right-leg', 'left-foot', 'right-foot',
  'left-flank', 'right-flank', 'left-hip', 'right-hip',
] as const;
export type RegionId = (typeof REGION_IDS)[number];

export interface Region {
  id: RegionId;
  shape: 'ellipse' | 'rect';
  /** Top-left corner and size in the view's 100 × 210 box; every region is at least 19 units both ways, 44 px once the view is 232 px wide. */
  x: number;
  y: number;
  w: number;
  h: number;
}

type Side = 'left' | 'right';

/**
 * One front or back figure. On the front the client faces us, so their right
 * is on our left; on the back it is on our right.
 */
function figure(view: 'front' | 'back'): Region[] {
  const ours = (side: Side): Side => (view === 'front' ? (side === 'left' ? 'right' : 'left') : side);
  // Places a sided region drawn on our left at x, mirrored on our right.
  const pair = (part: 'shoulder' | 'arm' | 'thigh' | 'leg' | 'foot', shape: Region['shape'], x: number, y: number, w: number, h: number): Region[] =>
    (['left', 'right'] as const).map((side) => ({ id: `${side}-${part}`, shape, x: ours(side) === 'left' ? x : 100 - x - w, y, w, h }));
  return [
    { id: 'head', shape: 'ellipse', x: 39, y: 2, w: 22, h: 22 },
    { id: 'neck', shape: 'rect', x: 40.5, y: 24, w: 19, h: 19 },
    ...pair('shoulder', 'ellipse', 14, 28, 25, 20),
    { id: view === 'front' ? 'chest' : 'upper-back', shape: 'rect', x: 32, y: 43, w: 36, h: 30 },
    { id: view === 'front' ? 'abdomen' : 'lower-back', shape: 'rect', x: 32, y: 74, w: 36, h: 24 },
    ...pair('arm', 'rect', 11.5, 49, 19, 52),
    { id: view === 'front' ? 'pelvis' : 'glutes', shape: 'rect', x: 32, y: 99, w: 36, h: 20 },
    ...pair('thigh', 'rect', 30.5, 120, 19, 36),
    ...pair('leg', 'rect', 31, 157, 19, 31),
    ...pair('foot', 'ellipse', 29, 189, 21, 19),
  ] as Region[];
}

/** A side in profile, for shoulders and hips: the shoulder and hip are large targets. */
function profile(side: Side): Region[] {
  return [
    { id: 'head', shape: 'ellipse', x: 38, y: 2, w: 24, h: 22 },
    { id: 'neck', shape: 'rect', x: 40.5, y: 24, w: 19, h: 19 },
    { id: `${side}-shoulder`, shape: 'ellipse', x: 30, y: 36, w: 40, h: 28 },
    { id: `${side}-flank`, shape: 'rect', x: 34, y: 65, w: 32, h: 28 },
    { id: `${side}-hip`, shape: 'ellipse', x: 28, y: 93, w: 44, h: 30 },
    { id: `${side}-thigh`, shape: 'rect', x: 38, y: 124, w: 24, h: 32 },
    { id: `${side}-leg`, shape: 'rect', x: 39, y: 157, w: 22, h: 31 },
    { id: `${side}-foot`, shape: 'ellipse', x: 36, y: 189, w: 30, h: 19 },
  ] as Region[];
}

const LAYOUTS: Record<ChartView, Region[]> = { front: figure('front'), back: figure('back'), 'left-side': profile('left'), 'right-side': profile('right') };

/** The regions drawn in a view. */
export function regionsOf(view: ChartView): Region[] {
  return LAYOUTS[view];
}

/** Which of the client's sides is drawn on our left in a view (none in profile). */
export function sideOnOurLeft(view: ChartView): Side | null {
  return view === 'front' ? 'right' : view === 'back' ? 'left' : null;
}

export function chartKey(view: ChartView, region: RegionId): string {
  return `${view}:${region}`;
}

/** A key's view and region, or null for a key this chart does not draw (kept and listed as written). */
export function parseKey(key: string): { view: ChartView; region: RegionId } | null {
  const [view, region, ...rest] = key.split(':');
  if (rest.length > 0 || !(CHART_VIEWS as readonly string[]).includes(view!)) return null;
  const known = LAYOUTS[view as ChartView].some((entry) => entry.id === region);
  return known ? { view: view as ChartView, region: region as RegionId } : null;
}

/**
 * Charts saved before this layout used "front:shoulder-left", where "left"
 * was the left of the drawing: the client's right on the front, their left
 * on the back. Torso and hips had one name for both views.
 */
const LEGACY_PARTS: Record<string, { front: RegionId; back: RegionId } | 'sided' | 'same'> = {
  head: 'same',
  neck: 'same',
  'upper-torso': { front: 'chest', back: 'upper-back' },
  'lower-torso': { front: 'abdomen', back: 'lower-back' },
  hips: { front: 'pelvis', back: 'glutes' },
  shoulder: 'sided',
  arm: 'sided',
  thigh: 'sided',
  leg: 'sided',
  foot: 'sided',
};

/** The current key for a key saved by the first body chart, or null when it is not one. */
export function fromLegacyKey(key: string): string | null {
  const match = /^(front|back):([a-z]+(?:-torso)?)(?:-(left|right))?$/.exec(key);
  if (!match) return null;
  const [, view, part, drawnSide] = match as unknown as [string, 'front' | 'back', string, Side | undefined];
  const rule = LEGACY_PARTS[part];
  if (!rule) return null;
  if (rule === 'same') return drawnSide ? null : chartKey(view, part as RegionId);
  if (rule === 'sided') {
    if (!drawnSide) return null;
    const clients: Side = view === 'back' ? drawnSide : drawnSide === 'left' ? 'right' : 'left';
    return chartKey(view, `${clients}-${part}` as RegionId);
  }
  return drawnSide ? null : chartKey(view, rule[view]);
}

/**
 * The chart with old keys read in today's terms. A mark under a current key
 * wins over an old one for the same region; keys neither old nor current are
 * kept as they are, so nothing stored is lost.
 */
export function readChart(chart: Record<string, BodyMark>): Record<string, BodyMark> {
  const read: Record<string, BodyMark> = {};
  for (const [key, mark] of Object.entries(chart)) {
    if (parseKey(key)) continue;
    read[fromLegacyKey(key) ?? key] = mark;
  }
  for (const [key, mark] of Object.entries(chart)) if (parseKey(key)) read[key] = mark;
  return read;
}

/** The chart after choosing a mark for a region, or clearing it (null). Only an explicit choice clears. */
export function withMark(chart: Record<string, BodyMark>, key: string, mark: BodyMark | null): Record<string, BodyMark> {
  const next = readChart(chart);
  if (mark) next[key] = mark;
  else delete next[key];
  return next;
}
