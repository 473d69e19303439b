import { describe, expect, it } from 'vitest';
import { classLabel, classOf, gridSquare, mapClasses } from './mapScale';

describe('map classes', () => {
  it('splits counts into at most five whole-number classes from 0', () => {
    const c = mapClasses([0, 3, 17, 42]);
    expect(c[0].from).toBe(0);
    expect(c.length).toBeLessThanOrEqual(5);
    expect(c.every((k) => Number.isInteger(k.to - k.from))).toBe(true);
    expect(classOf(0, c)).toBe(0);
    expect(classOf(42, c)).toBe(c.length - 1);
    expect(classLabel(c[c.length - 1], c.length - 1, c)).toMatch(/or more$/);
  });
  it('keeps small counts in classes of one', () => {
    expect(mapClasses([1, 2])).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ]);
  });
  it('gives a single class when every figure is 0', () => {
    const c = mapClasses([0, 0]);
    expect(c).toEqual([{ from: 0, to: 0 }]);
    expect(classLabel(c[0], 0, c)).toBe('0');
  });
  it('handles rates', () => {
    const c = mapClasses([0.4, 12.7]);
    expect(c.length).toBeLessThanOrEqual(6);
    expect(classOf(12.7, c)).toBe(c.length - 1);
  });
});

describe('grid squares', () => {
  it('draws a reference as its 100 m square', () => {
    expect(gridSquare('E448300N291300')).toEqual([
      [448300, 291300],
      [448400, 291300],
      [448400, 291400],
      [448300, 291400],
      [448300, 291300],
    ]);
    expect(gridSquare('RV1')).toBeNull();
  });
});
