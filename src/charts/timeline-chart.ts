import { EventType } from '../events/event.enums';
import { TimelineEntry, TimelineEntryKind } from '../events/timeline';
import { Manager } from '../managers/manager.entity';
import { fit, scale, svgDocument, text } from './svg';

/** Colour and names of each kind of event, shared by the marks and the legend. */
export const EVENT_STYLES: Record<EventType, { color: string; zh: string; en: string }> = {
  EXCHANGE_PENALTY: { color: '#c0392b', zh: '交易所处分', en: 'Exchange penalty' },
  TRADING_SUSPENSION: { color: '#e67e22', zh: '暂停交易', en: 'Trading suspension' },
  LIQUIDATION_NOTICE: { color: '#7f8c8d', zh: '清盘/解散', en: 'Liquidation' },
  REGULATORY_MEASURE: { color: '#8e44ad', zh: '监管措施', en: 'Regulatory measure' },
  PERFORMANCE_DISCLOSURE: { color: '#2980b9', zh: '业绩披露', en: 'Performance' },
  MARKET_RUMOR: { color: '#16a085', zh: '市场传闻', en: 'Rumour' },
};

const DAY = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * A manager's timeline as SVG: entries on a date axis, coloured by kind of event, each labelled in
 * Chinese and English; suspension end and resumption days drawn hollow.
 */
export function renderTimelineChart(manager: Manager, entries: TimelineEntry[]): string {
  const width = 1100;
  const left = 60;
  const right = width - 40;
  const axisY = 120;
  const laneHeight = 46;
  const times = entries.map((e) => toTime(e.date));
  const first = times.length ? Math.min(...times) : Date.now();
  const last = times.length ? Math.max(...times) : first + 30 * DAY;
  const pad = Math.max(3 * DAY, (last - first) * 0.04);
  const x = scale(first - pad, last + pad, left, right);

  // Labels go in lanes below the axis; a label takes the first lane where it does not overlap.
  const laneEnds: number[] = [];
  const labels: string[] = [];
  const marks: string[] = [];
  entries.forEach((entry, i) => {
    const style = EVENT_STYLES[entry.event.type];
    const px = x(times[i]);
    const hollow = entry.kind !== TimelineEntryKind.EVENT;
    const approximate = entry.datePrecision !== 'DAY';
    marks.push(
      `<circle cx="${px.toFixed(1)}" cy="${axisY}" r="7" fill="${hollow ? '#ffffff' : style.color}" stroke="${style.color}" stroke-width="2"${approximate ? ' stroke-dasharray="3 2"' : ''} data-kind="${entry.kind}" data-event-type="${entry.event.type}" data-date="${entry.date}"><title>${entry.date} ${entry.title}</title></circle>`,
    );
    const zh = fit(entry.title, 12, 230);
    const en = fit(entry.titleEn ?? '', 10, 230);
    // A label reads rightwards from its mark, or leftwards when it would run off the chart.
    const labelWidth = 235;
    const labelStart = px + labelWidth > width - 10 ? px - labelWidth : px;
    let lane = laneEnds.findIndex((end) => end < labelStart - 4);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = labelStart + labelWidth;
    const ly = axisY + 30 + lane * laneHeight;
    const anchor: Record<string, string> = labelStart < px ? { 'text-anchor': 'end' } : {};
    const tx = labelStart < px ? px - 3 : px + 3;
    labels.push(
      `<line x1="${px.toFixed(1)}" y1="${axisY + 8}" x2="${px.toFixed(1)}" y2="${ly - 12}" stroke="${style.color}" stroke-width="1" opacity="0.6"/>`,
      text(tx, ly, `${entry.date}${approximate ? '≈' : ''} ${zh}`, { 'font-size': 12, fill: '#222', class: 'label-zh', ...anchor }),
      text(tx, ly + 14, en, { 'font-size': 10, fill: '#555', class: 'label-en', ...anchor }),
    );
  });
  const height = axisY + 50 + Math.max(1, laneEnds.length) * laneHeight + 20;

  const ticks: string[] = [];
  const start = new Date(first - pad);
  const monthly = last - first > 60 * DAY;
  for (
    let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), monthly ? 1 : start.getUTCDate()));
    d.getTime() <= last + pad;
    monthly ? d.setUTCMonth(d.getUTCMonth() + 1) : d.setUTCDate(d.getUTCDate() + Math.max(1, Math.ceil((last - first) / DAY / 12)))
  ) {
    const px = x(d.getTime());
    if (px < left) continue;
    ticks.push(
      `<line x1="${px.toFixed(1)}" y1="${axisY - 4}" x2="${px.toFixed(1)}" y2="${axisY + 4}" stroke="#999"/>`,
      text(px, axisY - 10, d.toISOString().slice(0, monthly ? 7 : 10), { 'font-size': 10, fill: '#666', 'text-anchor': 'middle' }),
    );
  }
  const legend = Object.entries(EVENT_STYLES).map(([, style], i) => {
    const lx = left + i * 165;
    return `<circle cx="${lx}" cy="62" r="6" fill="${style.color}"/>` + text(lx + 10, 66, `${style.zh} ${style.en}`, { 'font-size': 11, fill: '#333' });
  });
  const title = `${manager.shortName}${manager.englishName ? ` (${manager.englishName})` : ''} — 时间线 Timeline`;
  return svgDocument(
    width,
    height,
    title,
    `${entries.length} timeline entries of ${manager.slug}; hollow marks are the end and resumption days of suspensions; dashed marks have dates known only to the month or placed by the curator.`,
    [
      text(left, 32, title, { 'font-size': 18, 'font-weight': 'bold', fill: '#111' }),
      ...legend,
      `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="#333" stroke-width="1.5"/>`,
      ...ticks,
      ...labels,
      ...marks,
    ],
  );
}
