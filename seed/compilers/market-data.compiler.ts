import { parseCnyAmount } from '../../src/core/money';
import { toShanghaiIso } from '../../src/core/time';
import { MarketDataWindow, TradingEpisode } from '../../src/market/market.entity';
import { create, CompileContext } from '../compile-context';
import { MarketDataFiling } from '../filing-schema';
import { Located } from '../seed-types';

type WindowFiling = MarketDataFiling['windows'][number];
type EpisodeFiling = MarketDataFiling['episodes'][number];

/** A market window; its stated change must agree with its levels to the rounding of two decimals. */
function compileWindow({ define, ref, cite, rows, problems }: CompileContext, file: string, w: WindowFiling, i: number): void {
  const at = `windows[${i}]`;
  define('market window', w.id, file, `${at}.id`);
  ref('instrument', w.instrument, file, `${at}.instrument`);
  if (Date.parse(w.start) >= Date.parse(w.end)) problems.push({ file, path: `${at}.end`, message: 'must be after start' });
  const computed = ((w.endLevel - w.startLevel) / w.startLevel) * 100;
  if (w.changePercent !== undefined && Math.abs(computed - w.changePercent) > 0.005 + 1e-9) {
    problems.push({
      file,
      path: `${at}.changePercent`,
      message: `${w.changePercent} disagrees with the levels ${w.startLevel} -> ${w.endLevel} (${computed.toFixed(4)}%)`,
    });
  }
  let turnover: number | null = null;
  try {
    turnover = w.turnover === undefined ? null : parseCnyAmount(w.turnover);
  } catch (error) {
    problems.push({ file, path: `${at}.turnover`, message: (error as Error).message });
  }
  rows.windows.push(
    create(MarketDataWindow, {
      key: w.id,
      instrumentCode: w.instrument,
      startAt: toShanghaiIso(w.start),
      endAt: toShanghaiIso(w.end),
      startLevel: w.startLevel,
      endLevel: w.endLevel,
      changePercentStated: w.changePercent ?? null,
      turnoverCny: turnover,
    }),
  );
  cite('MarketDataWindow', w.id, w.sources, file, `${at}.sources`);
}

/** A manager's trading episode on an exchange. */
function compileEpisode({ define, ref, cite, rows, problems }: CompileContext, file: string, e: EpisodeFiling, i: number): void {
  const at = `episodes[${i}]`;
  define('trading episode', e.id, file, `${at}.id`);
  ref('manager', e.manager, file, `${at}.manager`);
  ref('authority', e.exchange, file, `${at}.exchange`);
  if (Date.parse(e.start) >= Date.parse(e.end)) problems.push({ file, path: `${at}.end`, message: 'must be after start' });
  let amount = 0;
  try {
    amount = parseCnyAmount(e.amount);
  } catch (error) {
    problems.push({ file, path: `${at}.amount`, message: (error as Error).message });
  }
  rows.episodes.push(
    create(TradingEpisode, {
      key: e.id,
      managerKey: e.manager,
      exchangeCode: e.exchange,
      side: e.side,
      amountCny: amount,
      startAt: toShanghaiIso(e.start),
      endAt: toShanghaiIso(e.end),
      description: e.description ?? null,
    }),
  );
  cite('TradingEpisode', e.id, e.sources, file, `${at}.sources`);
}

/** Market windows, then trading episodes. */
export function compileMarketData(context: CompileContext, { file, filing }: Located<MarketDataFiling>): void {
  filing.windows.forEach((w, i) => compileWindow(context, file, w, i));
  filing.episodes.forEach((e, i) => compileEpisode(context, file, e, i));
}
