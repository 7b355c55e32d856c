import { DatePrecision, EventType } from '../events/event.enums';
import { TimelineEntry, TimelineEntryKind } from '../events/timeline';
import { Manager } from '../managers/manager.entity';
import { ChartSources, clampBox, dateLabel, fanOut, sourceBlock, stackBoxes } from './chart-layout';
import { drawBlock, scale, svgDocument, text, textBlock, textWidth } from './svg';

/** Colour and names of each kind of event, shared by the marks and the legend. */
export const EVENT_STYLES: Record<EventType, { color: string; zh: string; en: string }> = {
  EXCHANGE_PENALTY: { color: '#c0392b', zh: '交易所处分', en: 'Exchange penalty' },
  TRADING_SUSPENSION: { color: '#e67e22', zh: '暂停交易', en: 'Trading suspension' },
  LIQUIDATION_NOTICE: { color: '#7f8c8d', zh: '清盘/解散', en: 'Liquidation' },
  REGULATORY_MEASURE: { color: '#8e44ad', zh: '监管措施', en: 'Regulatory measure' },
  PERFORMANCE_DISCLOSURE: { color: '#2980b9', zh: '业绩披露', en: 'Performance' },
  MARKET_RUMOR: { color: '#16a085', zh: '市场传闻', en: 'Rumour' },
};

const WIDTH = 1100;
const MARGIN = 12;
const AXIS_LEFT = 50;
const AXIS_RIGHT = WIDTH - 50;
const MARK_R = 8;
/** Marks nearer than this are fanned out onto levels above the axis. */
const MARK_SPACING = 2 * MARK_R + 3;
const LEVEL_HEIGHT = 2 * MARK_R + 3;
const LABEL_WIDTH = 250;
const DAY = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);

interface Legend {
  body: string[];
  bottom: number;
}

/** Legend items flow left to right and wrap onto another row when the next would pass the right edge. */
function legend(entries: TimelineEntry[], top: number): Legend {
  const types = Object.keys(EVENT_STYLES).filter((type) => entries.some((e) => e.event.type === type)) as EventType[];
  const items = types.map((type) => ({
    mark: (x: number, y: number) => circle(x, y, 6, EVENT_STYLES[type].color, false, false),
    label: `${EVENT_STYLES[type].zh} ${EVENT_STYLES[type].en}`,
  }));
  if (entries.some((e) => e.kind !== TimelineEntryKind.EVENT))
    items.push({
      mark: (x, y) => circle(x, y, 6, '#555', true, false),
      label: '空心：暂停交易的最后一日与恢复交易日 hollow: last suspended day, trading resumes',
    });
  if (entries.some((e) => e.datePrecision !== DatePrecision.DAY))
    items.push({
      mark: (x, y) => circle(x, y, 6, '#555', true, true),
      label: '虚线：日期只知月、年或约略 dashed: date known to the month, the year, or about',
    });
  const body: string[] = [];
  let x = MARGIN;
  let y = top + 10;
  for (const item of items) {
    const width = 16 + textWidth(item.label, 11) + 24;
    if (x > MARGIN && x + width > WIDTH - MARGIN) {
      x = MARGIN;
      y += 20;
    }
    body.push(item.mark(x + 6, y), text(x + 16, y + 4, item.label, { 'font-size': 11, fill: '#333', class: 'legend' }));
    x += width;
  }
  return { body, bottom: items.length ? y + 12 : top };
}

function circle(cx: number, cy: number, r: number, color: string, hollow: boolean, dashed: boolean, attrs = ''): string {
  return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r}" fill="${hollow ? '#ffffff' : color}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="3 2"' : ''}${attrs}/>`;
}

/** Ticks below the axis, by day or month, spaced so that no two tick labels meet. */
function ticks(first: number, last: number, x: (t: number) => number, axisY: number): string[] {
  const spanDays = (last - first) / DAY;
  const monthly = spanDays > 60;
  const pxPerUnit = (AXIS_RIGHT - AXIS_LEFT) / Math.max(1, monthly ? spanDays / 30.4 : spanDays);
  const labelWidth = textWidth(monthly ? '2024-02' : '2024-02-20', 10) + 16;
  const steps = monthly ? [1, 2, 3, 6, 12, 24, 60, 120] : [1, 2, 7, 14, 30];
  const step = steps.find((s) => s * pxPerUnit >= labelWidth) ?? steps[steps.length - 1];
  const out: string[] = [];
  const start = new Date(first);
  const d = monthly ? new Date(Date.UTC(start.getUTCFullYear(), 0, 1)) : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (let guard = 0; d.getTime() <= last && guard < 10_000; guard++) {
    const px = x(d.getTime());
    if (px >= AXIS_LEFT && d.getTime() >= first) {
      out.push(
        `<line x1="${px.toFixed(1)}" y1="${axisY - 4}" x2="${px.toFixed(1)}" y2="${axisY + 4}" stroke="#999"/>`,
        text(px, axisY + 22, d.toISOString().slice(0, monthly ? 7 : 10), { 'font-size': 10, fill: '#666', 'text-anchor': 'middle', class: 'tick' }),
      );
    }
    if (monthly) d.setUTCMonth(d.getUTCMonth() + step);
    else d.setUTCDate(d.getUTCDate() + step);
  }
  return out;
}

/** Each entry's label: its number and date (to its precision), the Chinese title, the English, wrapped, never cut. */
function labelBlock(entry: TimelineEntry, number: number) {
  return textBlock(
    [
      { content: `${number}. ${dateLabel(entry.date, entry.datePrecision)}`, size: 11, attrs: { fill: '#222', 'font-weight': 'bold', class: 'label-date' } },
      { content: entry.title, size: 12, attrs: { fill: '#222', class: 'label-zh' } },
      { content: entry.titleEn ?? '', size: 10, attrs: { fill: '#555', class: 'label-en' } },
    ],
    LABEL_WIDTH,
  );
}

interface Geometry {
  x: (t: number) => number;
  first: number;
  last: number;
}

function geometry(entries: TimelineEntry[]): Geometry {
  const times = entries.map((e) => toTime(e.date));
  const first = times.length ? Math.min(...times) : toTime('2024-01-01');
  const last = times.length ? Math.max(...times) : first + 30 * DAY;
  const pad = Math.max(3 * DAY, (last - first) * 0.03);
  return { x: scale(first - pad, last + pad, AXIS_LEFT, AXIS_RIGHT), first: first - pad, last: last + pad };
}

/** Marks fanned out above the axis (each with a leader down to its true date), leaders down to the labels, the labels. */
function marksAndLabels(entries: TimelineEntry[], geo: Geometry, top: number) {
  const xs = entries.map((e) => geo.x(toTime(e.date)));
  const levels = fanOut(xs, MARK_SPACING);
  const axisY = top + MARK_R + 4 + Math.max(0, ...levels) * LEVEL_HEIGHT;
  const blocks = entries.map((entry, i) => labelBlock(entry, i + 1));
  const boxes = stackBoxes(
    blocks.map((block, i) => ({ x: clampBox(xs[i], 10, block.width + 8, MARGIN, WIDTH - MARGIN), width: block.width + 8, height: block.height + 4 })),
    axisY + 40,
    6,
  );
  const leaders: string[] = [];
  const labels: string[] = [];
  const marks: string[] = [];
  entries.forEach((entry, i) => {
    const { color } = EVENT_STYLES[entry.event.type];
    const [px, box] = [xs[i].toFixed(1), boxes[i]];
    const markY = axisY - levels[i] * LEVEL_HEIGHT;
    leaders.push(
      `<line x1="${px}" y1="${markY.toFixed(1)}" x2="${px}" y2="${box.y.toFixed(1)}" stroke="${color}" stroke-width="1" opacity="0.55" class="leader"/>`,
    );
    labels.push(
      `<rect class="label-box" data-entry="${i + 1}" x="${box.x.toFixed(1)}" y="${box.y.toFixed(1)}" width="${box.width.toFixed(1)}" height="${box.height.toFixed(1)}" fill="#ffffff" stroke="${color}" stroke-opacity="0.35" rx="3"/>`,
      ...drawBlock(blocks[i], box.x + 4, box.y + 2, { 'data-entry': i + 1 }),
    );
    const hollow = entry.kind !== TimelineEntryKind.EVENT;
    const attrs = ` data-kind="${entry.kind}" data-event-type="${entry.event.type}" data-date="${entry.date}" data-level="${levels[i]}"`;
    marks.push(
      circle(xs[i], markY, MARK_R, color, hollow, entry.datePrecision !== DatePrecision.DAY, attrs),
      text(xs[i], markY + 3, String(i + 1), {
        'font-size': i + 1 >= 100 ? 7 : 9,
        fill: hollow ? color : '#ffffff',
        'text-anchor': 'middle',
        'font-weight': 'bold',
        class: 'mark-number',
      }),
    );
  });
  const bottom = Math.max(axisY + 40, ...boxes.map((b) => b.y + b.height));
  return { axisY, leaders, labels, marks, bottom };
}

/**
 * A manager's timeline as SVG: entries on a date axis, numbered and coloured by kind of event; marks of
 * one day fanned out above the axis with a leader to the day; each label (number, date to its
 * precision, Chinese and English title) wrapped whole and stacked so that none overlaps another or
 * leaves the picture; the legend and a source line naming the documents cited and the data version.
 */
export function renderTimelineChart(manager: Manager, entries: TimelineEntry[], sources: ChartSources): string {
  const title = textBlock(
    [
      {
        content: `${manager.shortName}${manager.englishName ? ` (${manager.englishName})` : ''} — 时间线 Timeline`,
        size: 18,
        attrs: { 'font-weight': 'bold', fill: '#111', class: 'title' },
      },
    ],
    WIDTH - 2 * MARGIN,
  );
  const key = legend(entries, MARGIN + title.height + 4);
  const geo = geometry(entries);
  const drawn = marksAndLabels(entries, geo, key.bottom + 16);
  const source = sourceBlock(sources, WIDTH - 2 * MARGIN);
  const sourceTop = drawn.bottom + 16;
  return svgDocument(
    WIDTH,
    sourceTop + source.height + MARGIN,
    `${manager.shortName}${manager.englishName ? ` (${manager.englishName})` : ''} — 时间线 Timeline`,
    `${entries.length} timeline entries of ${manager.slug}, numbered in date order; hollow marks are the last suspended day and the resumption day of suspensions; dashed marks have dates known only to the month or year, or placed by the curator; marks of one day are stacked above the axis.`,
    [
      ...drawBlock(title, MARGIN, MARGIN),
      ...key.body,
      `<line x1="${AXIS_LEFT}" y1="${drawn.axisY}" x2="${AXIS_RIGHT}" y2="${drawn.axisY}" stroke="#333" stroke-width="1.5"/>`,
      ...ticks(geo.first, geo.last, geo.x, drawn.axisY),
      ...drawn.leaders,
      ...drawn.labels,
      ...drawn.marks,
      ...drawBlock(source, MARGIN, sourceTop),
    ],
  );
}
