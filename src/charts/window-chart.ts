import { formatYi } from '../core/money';
import { MarketBar } from '../market/market-bar.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../market/market.entity';
import { TurnoverShareValue } from '../market/market.service';
import { ChartSources, sourceBlock, stackBoxes } from './chart-layout';
import { drawBlock, scale, svgDocument, text, textBlock } from './svg';

export interface EpisodeInWindow {
  episode: TradingEpisode;
  managerName: string;
  share: TurnoverShareValue | null;
}

const WIDTH = 900;
const MARGIN = 12;
const LEFT = 80;
const RIGHT = WIDTH - 30;
const PLOT_HEIGHT = 300;
const EPISODE_FILL = '#e74c3c';

/** What the chart says when no bars are imported for the window: its line joins two curated levels, nothing in between is known. */
export const ENDPOINTS_ONLY_NOTICE =
  '只有起止点 / curated start and end levels only; no bars imported: the dashed line joins them, the path between is unknown';

const shanghaiClock = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(11, 19);

function episodeLabel({ episode, managerName, share }: EpisodeInWindow): string {
  const shareText = share
    ? ` = ${share.percent.toFixed(2)}% 成交金额 of turnover${share.sameInterval ? '' : ` (${share.episodeSeconds} s of a ${share.windowSeconds} s window)`}`
    : '';
  return `${managerName} ${episode.side === 'SELL' ? '卖出' : '买入'} ${formatYi(episode.amountCny)}${shareText}`;
}

/** Title, summary, the endpoints notice and the episodes' labels: wrapped blocks stacked top to bottom, each episode's label after its numbered swatch. */
function header(window: MarketDataWindow, instrument: Instrument, bars: MarketBar[], episodes: EpisodeInWindow[]) {
  const change = window.changePercent;
  const title = `${instrument.nameZh} ${instrument.nameEn ?? ''} (${instrument.code}) ${window.startAt.slice(0, 10)} ${window.startAt.slice(11, 19)}–${window.endAt.slice(11, 19)} +08:00`;
  const summary = `${window.startLevel.toFixed(2)} → ${window.endLevel.toFixed(2)} (${change > 0 ? '+' : ''}${change.toFixed(2)}%)${window.turnoverCny ? `, 成交金额 turnover ${formatYi(window.turnoverCny)}` : ''}; ${bars.length ? `the line joins ${bars.length} imported bars` : 'curated start and end levels only (dashed)'}; basis ${window.basis}`;
  const width = WIDTH - 2 * MARGIN;
  const blocks = [
    textBlock([{ content: title, size: 16, attrs: { 'font-weight': 'bold', fill: '#111', class: 'title' } }], width),
    textBlock([{ content: summary, size: 12, attrs: { fill: '#333', class: 'summary' } }], width),
    textBlock([{ content: bars.length ? '' : ENDPOINTS_ONLY_NOTICE, size: 12, attrs: { fill: '#a04000', class: 'notice' } }], width),
  ];
  const body: string[] = [];
  let y = MARGIN;
  for (const block of blocks) {
    body.push(...drawBlock(block, MARGIN, y));
    y += block.height + (block.lines.length && block.lines[0].content ? 4 : 0);
  }
  episodes.forEach((episode, i) => {
    const block = textBlock([{ content: episodeLabel(episode), size: 12, attrs: { fill: '#c0392b', class: 'episode-label' } }], width - 26);
    body.push(
      `<rect x="${MARGIN}" y="${(y + 2).toFixed(1)}" width="18" height="16" fill="${EPISODE_FILL}" opacity="0.3"/>`,
      text(MARGIN + 9, y + 14, String(i + 1), { 'font-size': 10, fill: '#111', 'text-anchor': 'middle', class: 'episode-number' }),
      ...drawBlock(block, MARGIN + 26, y),
    );
    y += Math.max(20, block.height + 2);
  });
  return { title, summary, body, bottom: y };
}

function levelPoints(window: MarketDataWindow, bars: MarketBar[]): [number, number][] {
  if (!bars.length)
    return [
      [Date.parse(window.startAt), window.startLevel],
      [Date.parse(window.endAt), window.endLevel],
    ];
  return bars.flatMap((b) => [[Date.parse(b.time), b.open] as [number, number], [Date.parse(b.time) + b.intervalSeconds * 1000, b.close] as [number, number]]);
}

/** The plot: level axis, time axis, episodes shaded and numbered (numbers stacked, never on each other), the level line and its two ends. */
function plot(window: MarketDataWindow, bars: MarketBar[], episodes: EpisodeInWindow[], top: number): string[] {
  const bottom = top + PLOT_HEIGHT;
  const [t0, t1] = [Date.parse(window.startAt), Date.parse(window.endAt)];
  const x = scale(t0, t1, LEFT, RIGHT);
  const points = levelPoints(window, bars);
  const levels = points.map((p) => p[1]);
  const [lo, hi] = [Math.min(...levels), Math.max(...levels)];
  const margin = (hi - lo) * 0.15 || hi * 0.001;
  const y = scale(lo - margin, hi + margin, bottom, top);
  const spans = episodes.map(({ episode }) => [x(Math.max(t0, Date.parse(episode.startAt))), x(Math.min(t1, Date.parse(episode.endAt)))]);
  const numbers = stackBoxes(
    spans.map(([x0]) => ({ x: Math.min(x0 + 2, RIGHT - 16), width: 16, height: 15 })),
    top + 3,
    2,
  );
  const shading = episodes.flatMap(({ episode }, i) => [
    `<rect x="${spans[i][0].toFixed(1)}" y="${top}" width="${Math.max(1, spans[i][1] - spans[i][0]).toFixed(1)}" height="${PLOT_HEIGHT}" fill="${EPISODE_FILL}" opacity="0.15" class="episode" data-episode="${episode.key}"/>`,
    text(numbers[i].x + 8, numbers[i].y + 12, String(i + 1), { 'font-size': 10, fill: '#c0392b', 'text-anchor': 'middle', class: 'episode-number' }),
  ]);
  const path = points.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const yTicks = [lo, (lo + hi) / 2, hi].flatMap((v) => [
    `<line x1="${LEFT - 4}" y1="${y(v).toFixed(1)}" x2="${RIGHT}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`,
    text(LEFT - 8, y(v) + 4, v.toFixed(2), { 'font-size': 11, fill: '#555', 'text-anchor': 'end', class: 'tick' }),
  ]);
  const anchors = ['start', 'middle', 'end'];
  const xTicks = [t0, (t0 + t1) / 2, t1].map((t, i) =>
    text(x(t), bottom + 18, shanghaiClock(t), { 'font-size': 11, fill: '#555', 'text-anchor': anchors[i], class: 'tick' }),
  );
  return [
    ...yTicks,
    `<line x1="${LEFT}" y1="${bottom}" x2="${RIGHT}" y2="${bottom}" stroke="#333"/>`,
    ...xTicks,
    ...shading,
    `<path d="${path}" fill="none" stroke="#2c3e50" stroke-width="${bars.length > 200 ? 1.2 : 2}"${bars.length ? '' : ' stroke-dasharray="6 4"'} class="level"/>`,
    `<circle cx="${x(t0).toFixed(1)}" cy="${y(window.startLevel).toFixed(1)}" r="4" fill="#2c3e50"/>`,
    `<circle cx="${x(t1).toFixed(1)}" cy="${y(window.endLevel).toFixed(1)}" r="4" fill="#2c3e50"/>`,
  ];
}

/**
 * A market-data window as SVG: the index level through the window (the imported bars' path, or the
 * curated start and end levels joined by a dashed line, said so on the chart), each episode shaded
 * and numbered over its interval with its amount and share of turnover labelled above the plot, and
 * a source line. Labels wrap; none overlaps another or leaves the picture.
 */
export function renderWindowChart(
  window: MarketDataWindow,
  instrument: Instrument,
  bars: MarketBar[],
  episodes: EpisodeInWindow[],
  sources: ChartSources,
): string {
  const head = header(window, instrument, bars, episodes);
  const plotTop = head.bottom + 16;
  const source = sourceBlock(sources, WIDTH - 2 * MARGIN);
  const sourceTop = plotTop + PLOT_HEIGHT + 34;
  const height = sourceTop + source.height + MARGIN;
  return svgDocument(WIDTH, height, head.title, head.summary, [
    ...head.body,
    ...plot(window, bars, episodes, plotTop),
    ...drawBlock(source, MARGIN, sourceTop),
  ]);
}
