import { buildTimeline } from '../events/timeline';
import { CalendarService } from '../calendar/calendar.service';
import { EventService } from '../events/event.service';
import { ManagerService } from '../managers/manager.service';
import { MarketService } from '../market/market.service';
import { BARS_WINDOW_PREFIX } from '../market/market.entity';
import { renderTimelineChart } from './timeline-chart';
import { renderWindowChart } from './window-chart';
import { BadUserInputError } from '../core/errors';

/** The most bars a window chart draws: a trading day of minute bars is 240. */
export const MAX_CHART_BARS = 5000;

/** A chart and how many objects it drew: timeline entries, or bars and episodes (what the rate limit charges for it). */
export interface DrawnChart {
  svg: string;
  objects: number;
}

/** Renders the charts the API links to (`chartUrl`); null when there is nothing to draw. */
export class ChartService {
  constructor(
    private readonly managers: ManagerService,
    private readonly events: EventService,
    private readonly market: MarketService,
    private readonly calendar: CalendarService,
  ) {}

  async managerTimeline(slug: string): Promise<DrawnChart | null> {
    const manager = await this.managers.findBySlug(slug);
    if (!manager) return null;
    const events = await this.events.findAll({ managerSlugs: [slug] }, 1000);
    const entries = buildTimeline(events, await this.calendar.load());
    return { svg: renderTimelineChart(manager, entries), objects: entries.length };
  }

  /** `key` is a window's key (a window of more than MAX_CHART_BARS bars is refused): a curated window's, or "bars:<instrument>:<start>:<end>" for one computed from bars. */
  async window(key: string): Promise<DrawnChart | null> {
    const window = key.startsWith(BARS_WINDOW_PREFIX) ? await this.market.windowFromBarsKey(key) : (await this.market.windowsByKeys([key]))[0];
    if (!window) return null;
    const [instrument] = await this.market.instrumentsByCodes([window.instrumentCode]);
    const bars = await this.market.barsBetween(window.instrumentCode, window.startAt, window.endAt, MAX_CHART_BARS + 1);
    if (bars.length > MAX_CHART_BARS)
      throw new BadUserInputError(`The window holds more than ${MAX_CHART_BARS} bars, more than a chart can show; chart a shorter window`, 'window');
    const episodes = await this.market.episodesOverlapping(instrument.exchangeCode, window.startAt, window.endAt);
    const managers = new Map((await this.managers.findByKeys(episodes.map((e) => e.managerKey))).map((m) => [m.key, m.shortName]));
    const shares = await Promise.all(episodes.map((episode) => this.market.turnoverShare(episode, window.basis === 'CURATED' ? [window] : [])));
    const svg = renderWindowChart(
      window,
      instrument,
      bars,
      episodes.map((episode, i) => ({ episode, managerName: managers.get(episode.managerKey) ?? episode.managerKey, share: shares[i] })),
    );
    return { svg, objects: bars.length + episodes.length };
  }
}
