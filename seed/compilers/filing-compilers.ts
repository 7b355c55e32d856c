import { CompileContext } from '../compile-context';
import { Filing } from '../filing-schema';
import { Located } from '../seed-types';
import { compileAnnouncement } from './announcement.compiler';
import { compileAuthorities } from './authorities.compiler';
import { compileConcept } from './concept.compiler';
import { compileEvent } from './event.compiler';
import { compileGlossary } from './glossary.compiler';
import { compileInstruments } from './instruments.compiler';
import { compileManager } from './manager.compiler';
import { compileMarketData } from './market-data.compiler';
import { compileTradingCalendar } from './trading-calendar.compiler';

export type FilingKind = Filing['filing'];

/** Adds one filing's rows and problems to the compile; what can only be checked across filings waits in the context. */
export type FilingCompiler<F extends Filing> = (context: CompileContext, located: Located<F>) => void;

/** One compiler per filing kind; the type refuses a kind without one. */
export const FILING_COMPILERS: { [K in FilingKind]: FilingCompiler<Extract<Filing, { filing: K }>> } = {
  authorities: compileAuthorities,
  announcement: compileAnnouncement,
  manager: compileManager,
  instruments: compileInstruments,
  marketData: compileMarketData,
  event: compileEvent,
  concept: compileConcept,
  glossary: compileGlossary,
  tradingCalendar: compileTradingCalendar,
};

/** Compiles one filing with its kind's compiler. */
export function compileFiling(context: CompileContext, located: Located<Filing>): void {
  const kind = located.filing.filing;
  // A filing that skipped the schema may name any kind, even one of Object.prototype's keys.
  if (!Object.hasOwn(FILING_COMPILERS, kind)) throw new Error(`unhandled filing ${JSON.stringify(located.filing)}`);
  (FILING_COMPILERS[kind] as FilingCompiler<Filing>)(context, located);
}
