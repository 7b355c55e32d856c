import { DatePrecision } from '../events/event.enums';
import { TextBlock, textBlock } from './svg';

/** A box of a label, placed: left, top, width and height in pixels. */
export interface PlacedBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Places boxes one after another, each at the lowest free place at or below `top` within its
 * horizontal extent: no two boxes (grown by `gap` on every side) overlap. The boxes keep their x.
 */
export function stackBoxes(boxes: { x: number; width: number; height: number }[], top: number, gap: number): PlacedBox[] {
  const placed: PlacedBox[] = [];
  for (const box of boxes) {
    const beside = placed
      .filter((p) => p.x < box.x + box.width + gap && box.x < p.x + p.width + gap)
      .map((p) => [p.y - gap, p.y + p.height + gap] as const)
      .sort((a, b) => a[0] - b[0]);
    let y = top;
    for (const [from, to] of beside) {
      if (y + box.height <= from) break;
      y = Math.max(y, to);
    }
    placed.push({ x: box.x, y, width: box.width, height: box.height });
  }
  return placed;
}

/**
 * Fans out marks that would cover each other: each mark keeps its x (its true date) and takes the
 * first level (0 on the axis, 1 above it, …) where no mark already placed is nearer than `spacing`.
 */
export function fanOut(xs: number[], spacing: number): number[] {
  const levels: number[][] = [];
  return xs.map((x) => {
    let level = levels.findIndex((taken) => taken.every((other) => Math.abs(other - x) >= spacing));
    if (level < 0) level = levels.push([]) - 1;
    levels[level].push(x);
    return level;
  });
}

/** A box's left edge: at `anchor` less `before`, kept inside [min, max - width]. */
export function clampBox(anchor: number, before: number, width: number, min: number, max: number): number {
  return Math.max(min, Math.min(anchor - before, max - width));
}

/**
 * A date as its precision allows: `2024` for a year, `2023-09` for a month, the day with `≈` for a
 * day the curator placed, the day itself otherwise.
 */
export function dateLabel(date: string, precision: DatePrecision): string {
  switch (precision) {
    case DatePrecision.YEAR:
      return date.slice(0, 4);
    case DatePrecision.MONTH:
      return date.slice(0, 7);
    case DatePrecision.APPROXIMATE:
      return `${date}≈`;
    case DatePrecision.DAY:
      return date;
  }
}

/** What a chart's source line names: the documents its drawn objects cite, and the data version drawn. */
export interface ChartSources {
  documents: { title: string; language: string }[];
  dataVersion: number;
}

/** The source line's text: `来源 / Source: 《…》 · "…" · 数据版本 / data version N`. */
export function sourceText(sources: ChartSources): string {
  const documents = sources.documents.map((d) => (d.language === 'zh' ? `《${d.title}》` : `“${d.title}”`));
  return `来源 / Source: ${[...documents, `fundwatch 数据版本 / data version ${sources.dataVersion}`].join(' · ')}`;
}

/** The source line as a block of wrapped lines, no wider than `maxWidth`. */
export function sourceBlock(sources: ChartSources, maxWidth: number): TextBlock {
  return textBlock([{ content: sourceText(sources), size: 11, attrs: { fill: '#444', class: 'source' } }], maxWidth);
}
