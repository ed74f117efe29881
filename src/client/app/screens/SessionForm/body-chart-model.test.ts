import { describe, expect, it } from 'vitest';
import { CHART_VIEWS, fromLegacyKey, parseKey, readChart, regionsOf, sideOnOurLeft, withMark } from './body-chart-model';

describe('the body-chart model', () => {
  it('draws the client’s right on our left on the front, on our right on the back', () => {
    const x = (view: 'front' | 'back', id: string) => {
      const region = regionsOf(view).find((entry) => entry.id === id)!;
      return region.x + region.w / 2;
    };
    expect(x('front', 'right-shoulder')).toBeLessThan(50);
    expect(x('front', 'left-shoulder')).toBeGreaterThan(50);
    expect(x('back', 'left-shoulder')).toBeLessThan(50);
    expect(x('back', 'right-foot')).toBeGreaterThan(50);
    expect(sideOnOurLeft('front')).toBe('right');
    expect(sideOnOurLeft('back')).toBe('left');
  });

  it('has a side view with the shoulder and the hip', () => {
    expect(regionsOf('left-side').map((region) => region.id)).toEqual(expect.arrayContaining(['left-shoulder', 'left-hip']));
    expect(regionsOf('right-side').map((region) => region.id)).toEqual(expect.arrayContaining(['right-shoulder', 'right-hip']));
  });

  it('makes every region at least 19 units both ways (44 px once the view is 232 px wide)', () => {
    for (const view of CHART_VIEWS) for (const region of regionsOf(view)) expect(Math.min(region.w, region.h), `${view}:${region.id}`).toBeGreaterThanOrEqual(19);
  });

  it('reads the first chart’s keys: "left" was the drawing’s left, the client’s right on the front', () => {
    expect(fromLegacyKey('front:shoulder-left')).toBe('front:right-shoulder');
    expect(fromLegacyKey('back:shoulder-left')).toBe('back:left-shoulder');
    expect(fromLegacyKey('front:foot-right')).toBe('front:left-foot');
    expect(fromLegacyKey('front:upper-torso')).toBe('front:chest');
    expect(fromLegacyKey('back:lower-torso')).toBe('back:lower-back');
    expect(fromLegacyKey('back:hips')).toBe('back:glutes');
    expect(fromLegacyKey('front:head')).toBe('front:head');
    expect(fromLegacyKey('neck:right')).toBeNull();
    expect(fromLegacyKey('front:head-left')).toBeNull();
  });

  it('keeps every stored mark: old keys translated, current ones winning, unknown ones as written', () => {
    const stored = { 'back:leg-left': 'tension', 'front:arm-left': 'pain', 'front:right-arm': 'treated', 'neck:right': 'treated', 'back:lower-back': 'pain' } as const;
    expect(readChart(stored)).toEqual({ 'back:left-leg': 'tension', 'front:right-arm': 'treated', 'neck:right': 'treated', 'back:lower-back': 'pain' });
    expect(parseKey('neck:right')).toBeNull();
    expect(parseKey('left-side:left-hip')).toEqual({ view: 'left-side', region: 'left-hip' });
  });

  it('only clears a region when asked: choosing the same mark again keeps it', () => {
    const once = withMark({}, 'front:left-shoulder', 'pain');
    expect(withMark(once, 'front:left-shoulder', 'pain')).toEqual({ 'front:left-shoulder': 'pain' });
    expect(withMark(once, 'front:left-shoulder', 'note')).toEqual({ 'front:left-shoulder': 'note' });
    expect(withMark(once, 'front:left-shoulder', null)).toEqual({});
    expect(withMark({ 'back:foot-left': 'pain' }, 'left-side:left-hip', 'tension')).toEqual({ 'back:left-foot': 'pain', 'left-side:left-hip': 'tension' });
  });
});
