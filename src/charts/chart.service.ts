import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { AnnouncementService } from '../announcements/announcement.service';
import { buildTimeline } from '../events/timeline';
import { CalendarService } from '../calendar/calendar.service';
import { dataVersionReader } from '../database/data-version';
import { EventService } from '../events/event.service';
import { ManagerService } from '../managers/manager.service';
import { MarketService } from '../market/market.service';
import { BARS_WINDOW_PREFIX } from '../market/market.entity';
import { ChartFormat } from './chart-format';
import { ChartSources } from './chart-layout';
import { renderPng } from './png';
import { renderTimelineChart } from './timeline-chart';
import { renderWindowChart } from './window-chart';
import { BadUserInputError } from '../core/errors';

/** The most bars a window chart draws: a trading day of minute bars is 240. */
export const MAX_CHART_BARS = 5000;

/** Bytes of drawn charts kept (SVG text and PNG files), keyed by chart, format and data version. */
export const CHART_CACHE_BYTES = 32 * 1024 * 1024;

/** A chart and how many objects it drew: timeline entries, or bars and episodes (what the rate limit charges for it). */
export interface DrawnChart {
  format: ChartFormat;
  body: Buffer;
  objects: number;
}

/** A PNG being drawn, how many requests still wait for it, and how to abandon it. */
interface RenderJob {
  drawing: Promise<Buffer>;
  wanted: number;
  abandon: AbortController;
}

interface Svg {
  svg: string;
  objects: number;
}

/**
 * Renders the charts the API links to (`chartUrl`), as SVG or as PNG drawn from the SVG; null when
 * there is nothing to draw. Drawn charts are kept while the data version stays, within CHART_CACHE_BYTES.
 */
export class ChartService {
  private readonly cache = new LRUCache<string, DrawnChart>({ maxSize: CHART_CACHE_BYTES, sizeCalculation: (chart, key) => chart.body.length + key.length });
  private version: (() => number | Promise<number>) | null = null;
  /** PNGs being drawn, by cache key, and how many requests still wait for each. */
  private readonly rendering = new Map<string, RenderJob>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly managers: ManagerService,
    private readonly events: EventService,
    private readonly market: MarketService,
    private readonly calendar: CalendarService,
    private readonly announcements: AnnouncementService,
  ) {}

  managerTimeline(slug: string, format: ChartFormat = ChartFormat.SVG, signal?: AbortSignal): Promise<DrawnChart | null> {
    return this.drawn(`manager:${slug}`, format, (version) => this.timelineSvg(slug, version), signal);
  }

  /** `key` is a window's key (a window of more than MAX_CHART_BARS bars is refused): a curated window's, or "bars:<instrument>:<start>:<end>" for one computed from bars. */
  window(key: string, format: ChartFormat = ChartFormat.SVG, signal?: AbortSignal): Promise<DrawnChart | null> {
    return this.drawn(`window:${key}`, format, (version) => this.windowSvg(key, version), signal);
  }

  /** `signal` aborts when the client hangs up: a PNG nobody waits for any more leaves the renderer's queue. */
  private async drawn(chart: string, format: ChartFormat, draw: (version: number) => Promise<Svg | null>, signal?: AbortSignal): Promise<DrawnChart | null> {
    this.version ??= dataVersionReader(this.dataSource);
    const version = await this.version();
    const key = `${version}|${format}|${chart}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const svgKey = `${version}|${ChartFormat.SVG}|${chart}`;
    let svg = this.cache.get(svgKey) ?? null;
    if (!svg) {
      const drawnSvg = await draw(version);
      if (!drawnSvg) return null;
      svg = { format: ChartFormat.SVG, body: Buffer.from(drawnSvg.svg, 'utf8'), objects: drawnSvg.objects };
      this.cache.set(svgKey, svg);
    }
    if (format === ChartFormat.SVG) return svg;
    const png: DrawnChart = { format, body: await this.png(key, svg.body.toString('utf8'), signal), objects: svg.objects };
    this.cache.set(key, png);
    return png;
  }

  /**
   * The PNG of an SVG, drawn once for every request that asks for the same chart while it is drawn (at
   * most the renderer's queue of them); abandoned only when every one of those requests hung up.
   */
  private png(key: string, svg: string, signal?: AbortSignal): Promise<Buffer> {
    let job = this.rendering.get(key);
    if (!job) {
      const abandon = new AbortController();
      const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
      const entry: RenderJob = { drawing: Promise.resolve(Buffer.alloc(0)), wanted: 0, abandon };
      entry.drawing = renderPng(svg, Number(width), Number(height), abandon.signal).finally(() => {
        if (this.rendering.get(key) === entry) this.rendering.delete(key);
      });
      job = entry;
      this.rendering.set(key, job);
    }
    const shared = job;
    shared.wanted += 1;
    const leave = () => {
      shared.wanted -= 1;
      if (shared.wanted > 0) return;
      // A later request for the chart starts a drawing of its own rather than joining this one.
      if (this.rendering.get(key) === shared) this.rendering.delete(key);
      shared.abandon.abort();
    };
    if (signal?.aborted) leave();
    else signal?.addEventListener('abort', leave, { once: true });
    return shared.drawing;
  }

  private async timelineSvg(slug: string, version: number): Promise<Svg | null> {
    const manager = await this.managers.findBySlug(slug);
    if (!manager) return null;
    const events = await this.events.findAll({ managerSlugs: [slug] }, 1000);
    const entries = buildTimeline(events, await this.calendar.load());
    const sources = await this.sources(
      entries.map((e) => `Event:${e.event.key}`),
      version,
    );
    return { svg: renderTimelineChart(manager, entries, sources), objects: entries.length };
  }

  private async windowSvg(key: string, version: number): Promise<Svg | null> {
    const window = key.startsWith(BARS_WINDOW_PREFIX) ? await this.market.windowFromBarsKey(key) : (await this.market.windowsByKeys([key]))[0];
    if (!window) return null;
    const [instrument] = await this.market.instrumentsByCodes([window.instrumentCode]);
    const bars = await this.market.barsBetween(window.instrumentCode, window.startAt, window.endAt, MAX_CHART_BARS + 1);
    if (bars.length > MAX_CHART_BARS)
      throw new BadUserInputError(`The window holds more than ${MAX_CHART_BARS} bars, more than a chart can show; chart a shorter window`, 'window');
    const episodes = await this.market.episodesOverlapping(instrument.exchangeCode, window.startAt, window.endAt);
    const managers = new Map((await this.managers.findByKeys(episodes.map((e) => e.managerKey))).map((m) => [m.key, m.shortName]));
    const shares = await Promise.all(episodes.map((episode) => this.market.turnoverShare(episode, window.basis === 'CURATED' ? [window] : [])));
    const sources = await this.sources([`MarketDataWindow:${window.key}`, ...episodes.map((e) => `TradingEpisode:${e.key}`)], version);
    const svg = renderWindowChart(
      window,
      instrument,
      bars,
      episodes.map((episode, i) => ({ episode, managerName: managers.get(episode.managerKey) ?? episode.managerKey, share: shares[i] })),
      sources,
    );
    return { svg, objects: bars.length + episodes.length };
  }

  /** The documents the subjects cite, each once, in the order the subjects first cite them. */
  private async sources(subjects: string[], dataVersion: number): Promise<ChartSources> {
    const citations = await this.announcements.citationsOf([...new Set(subjects)]);
    const bySubject = new Map<string, string[]>();
    for (const c of citations)
      bySubject.set(`${c.subjectType}:${c.subjectKey}`, [...(bySubject.get(`${c.subjectType}:${c.subjectKey}`) ?? []), c.announcementKey]);
    const keys = [...new Set(subjects.flatMap((s) => bySubject.get(s) ?? []))];
    const documents = new Map((await this.announcements.findByKeys(keys)).map((a) => [a.key, a]));
    return {
      documents: keys.flatMap((k) => (documents.has(k) ? [{ title: documents.get(k)!.title, language: documents.get(k)!.language }] : [])),
      dataVersion,
    };
  }
}
