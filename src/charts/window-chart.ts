import { formatYi } from '../core/money';
import { MarketBar } from '../market/market-bar.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../market/market.entity';
import { TurnoverShareValue } from '../market/market.service';
import { scale, svgDocument, text } from './svg';

export interface EpisodeInWindow {
  episode: TradingEpisode;
  managerName: string;
  share: TurnoverShareValue | null;
}

/**
 * A market-data window as SVG: the index level through the window (from bars where imported, else
 * the curated start and end levels joined by a dashed line), each episode shaded over its interval
 * with its amount and share of turnover labelled.
 */
export function renderWindowChart(window: MarketDataWindow, instrument: Instrument, bars: MarketBar[], episodes: EpisodeInWindow[]): string {
  const width = 900;
  const height = 460;
  const left = 80;
  const right = width - 30;
  const top = 90;
  const bottom = height - 70;
  const t0 = Date.parse(window.startAt);
  const t1 = Date.parse(window.endAt);
  const x = scale(t0, t1, left, right);
  const points: [number, number][] = bars.length
    ? bars.flatMap((b) => [[Date.parse(b.time), b.open] as [number, number], [Date.parse(b.time) + b.intervalSeconds * 1000, b.close] as [number, number]])
    : [
        [t0, window.startLevel],
        [t1, window.endLevel],
      ];
  const levels = points.map((p) => p[1]);
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  const margin = (hi - lo) * 0.15 || hi * 0.001;
  const y = scale(lo - margin, hi + margin, bottom, top);

  const shading = episodes.flatMap(({ episode, managerName, share }, i) => {
    const x0 = x(Math.max(t0, Date.parse(episode.startAt)));
    const x1 = x(Math.min(t1, Date.parse(episode.endAt)));
    const label = `${managerName} ${episode.side === 'SELL' ? '卖出' : '买入'} ${formatYi(episode.amountCny)}${share ? ` = ${share.percent.toFixed(2)}% 成交金额 of turnover${share.sameInterval ? '' : ` (${share.episodeSeconds} s of a ${share.windowSeconds} s window)`}` : ''}`;
    return [
      `<rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${bottom - top}" fill="#e74c3c" opacity="0.15" class="episode" data-episode="${episode.key}"/>`,
      text(x0 + 4, top + 16 + i * 16, label, { 'font-size': 12, fill: '#c0392b', class: 'episode-label' }),
    ];
  });
  const path = points.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const line = `<path d="${path}" fill="none" stroke="#2c3e50" stroke-width="2"${bars.length ? '' : ' stroke-dasharray="6 4"'} class="level"/>`;
  const yTicks = [lo, (lo + hi) / 2, hi].flatMap((v) => [
    `<line x1="${left - 4}" y1="${y(v).toFixed(1)}" x2="${right}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`,
    text(left - 8, y(v) + 4, v.toFixed(2), { 'font-size': 11, fill: '#555', 'text-anchor': 'end' }),
  ]);
  const xTicks = [t0, (t0 + t1) / 2, t1].map((t) =>
    text(x(t), bottom + 18, new Date(t + 8 * 3600_000).toISOString().slice(11, 19), { 'font-size': 11, fill: '#555', 'text-anchor': 'middle' }),
  );
  const change = window.changePercent;
  const title = `${instrument.nameZh} ${instrument.nameEn ?? ''} (${instrument.code}) ${window.startAt.slice(0, 10)} ${window.startAt.slice(11, 19)}–${window.endAt.slice(11, 19)} +08:00`;
  const summary = `${window.startLevel.toFixed(2)} → ${window.endLevel.toFixed(2)} (${change > 0 ? '+' : ''}${change.toFixed(2)}%)${window.turnoverCny ? `, 成交金额 turnover ${formatYi(window.turnoverCny)}` : ''}; ${bars.length ? `${bars.length} bars` : 'curated start and end levels only (dashed)'}; basis ${window.basis}`;
  return svgDocument(width, height, title, summary, [
    text(left, 30, title, { 'font-size': 16, 'font-weight': 'bold', fill: '#111' }),
    text(left, 54, summary, { 'font-size': 12, fill: '#333', class: 'summary' }),
    ...yTicks,
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`,
    ...xTicks,
    ...shading,
    line,
    `<circle cx="${x(t0).toFixed(1)}" cy="${y(window.startLevel).toFixed(1)}" r="4" fill="#2c3e50"/>`,
    `<circle cx="${x(t1).toFixed(1)}" cy="${y(window.endLevel).toFixed(1)}" r="4" fill="#2c3e50"/>`,
  ]);
}
