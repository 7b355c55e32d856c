import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Announcement, Citation } from '../src/announcements/announcement.entity';
import { Authority } from '../src/authorities/authority.entity';
import { MarketClosure, TradingCalendarYear } from '../src/calendar/calendar.entity';
import { Concept } from '../src/concepts/concept.entity';
import { insertEntities } from '../src/core/bulk';
import { GlossaryTerm } from '../src/glossary/glossary.entity';
import { bumpDataVersion, takeLoadLock } from '../src/database/data-version';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from '../src/events/event.entity';
import { Manager } from '../src/managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../src/market/market.entity';
import { Person, PersonRole } from '../src/people/person.entity';
import { PerformanceFigure } from '../src/performance/performance-figure.entity';
import { Product } from '../src/products/product.entity';
import { searchDocumentsOf, syncSearchIndex } from '../src/search/search-indexer';
import { compileFilings } from './compile-filings';
import { readFilings } from './filing-reader';
import { DEFAULT_SEED_LIMITS, printable, SeedLimits } from './seed-files';
import { SeedChanges, SeedProblem, SeedRows } from './seed-types';

/*
 * A filing's path: read and schema-checked (filing-reader.ts), compiled into rows by one compiler per
 * filing kind (compile-filings.ts, compilers/), written here in one transaction.
 */
export { compileFilings } from './compile-filings';
export { checkFilingText, parseFiling, readFilings } from './filing-reader';
export { DEFAULT_SEED_LIMITS, SeedLimits } from './seed-files';
export { Located, SeedChanges, SeedProblem, SeedRows } from './seed-types';

/** Every problem, with the characters curated text may not hold escaped: a message is safe to print on a terminal. */
export class SeedValidationError extends Error {
  readonly problems: SeedProblem[];

  constructor(problems: SeedProblem[]) {
    const shown = problems.map((p) => ({ file: printable(p.file), path: printable(p.path), message: printable(p.message) }));
    super(
      `The curated filings have ${shown.length} problem(s); nothing was written:\n` +
        shown.map((p) => `  ${p.file}: ${p.path || '(file)'}: ${p.message}`).join('\n'),
    );
    this.name = 'SeedValidationError';
    this.problems = shown;
  }
}

/** Tables in insertion order: every table after the tables it references. Deletes run in reverse. */
const TABLES: [keyof SeedRows, EntityTarget<ObjectLiteral>][] = [
  ['authorities', Authority],
  ['managers', Manager],
  ['products', Product],
  ['people', Person],
  ['personRoles', PersonRole],
  ['announcements', Announcement],
  ['citations', Citation],
  ['instruments', Instrument],
  ['windows', MarketDataWindow],
  ['episodes', TradingEpisode],
  ['events', EventRecord],
  ['eventManagers', EventManager],
  ['eventProducts', EventProduct],
  ['eventEpisodes', EventEpisode],
  ['denials', RumorDenial],
  ['figures', PerformanceFigure],
  ['calendarYears', TradingCalendarYear],
  ['closures', MarketClosure],
  ['glossaryTerms', GlossaryTerm],
  ['concepts', Concept],
];

/** How a write runs. */
export interface ApplyOptions {
  /**
   * Fault injection for the crash-safety spec (Config.faultPoint, FUNDWATCH_FAULT_POINT): when it names
   * a point, the process kills itself there with SIGKILL, as a power cut would; `commit` is announced on
   * stderr instead, so that the spec can kill the process while it commits. Inert when unset.
   */
  faultPoint?: string | null;
}

function reachFaultPoint(wanted: string | null | undefined, name: string): void {
  if (wanted === undefined || wanted === null || wanted === '') return;
  if (wanted === 'commit' && name === 'commit') process.stderr.write('fault-point: commit\n');
  else if (wanted === name) process.kill(process.pid, 'SIGKILL');
}

function comparable(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** What one table needs for it to hold exactly the wanted rows. */
interface TablePlan {
  name: keyof SeedRows;
  target: EntityTarget<ObjectLiteral>;
  primary: string[];
  inserts: ObjectLiteral[];
  updates: ObjectLiteral[];
  deletes: ObjectLiteral[];
}

async function planTable(manager: EntityManager, name: keyof SeedRows, target: EntityTarget<ObjectLiteral>, wanted: ObjectLiteral[]): Promise<TablePlan> {
  const metadata = manager.connection.getMetadata(target);
  const primary = metadata.primaryColumns.map((c) => c.propertyName);
  const columns = metadata.columns.map((c) => c.propertyName);
  const idOf = (row: ObjectLiteral) => primary.map((p) => String(row[p])).join('\u0000');
  const existing = new Map((await manager.find(target)).map((row) => [idOf(row), row]));
  const wantedIds = new Set(wanted.map(idOf));
  const inserts = wanted.filter((row) => !existing.has(idOf(row)));
  const updates = wanted.filter((row) => {
    const old = existing.get(idOf(row));
    return old !== undefined && columns.some((c) => comparable(old[c]) !== comparable(row[c]));
  });
  // A statement quoted by another document goes before it (announcement.quotedInKey references announcement).
  const deletes = [...existing.entries()]
    .filter(([id]) => !wantedIds.has(id))
    .map(([, row]) => row)
    .sort((a, b) => Number(b.quotedInKey != null) - Number(a.quotedInKey != null));
  return { name, target, primary, inserts, updates, deletes };
}

/** Deletes (referencing tables first), then inserts and updates (referenced tables first). */
async function writePlans(manager: EntityManager, plans: TablePlan[], faultPoint: string | null | undefined): Promise<void> {
  for (const plan of [...plans].reverse()) {
    for (const row of plan.deletes) await manager.delete(plan.target, Object.fromEntries(plan.primary.map((p) => [p, row[p]])));
  }
  reachFaultPoint(faultPoint, 'deleted');
  for (const plan of plans) {
    await insertEntities(manager, plan.target, plan.inserts);
    for (const row of plan.updates) {
      const where = Object.fromEntries(plan.primary.map((p) => [p, row[p]]));
      const values = Object.fromEntries(Object.entries(row).filter(([k]) => !plan.primary.includes(k)));
      await manager.update(plan.target, where, values);
    }
    reachFaultPoint(faultPoint, `wrote:${plan.name}`);
  }
}

/**
 * Makes the database hold exactly `rows`, in one transaction: inserts what is new, updates what
 * changed, deletes what the filings no longer define. Rows that did not change are not written.
 */
export async function applyRows(dataSource: DataSource, rows: SeedRows, options: ApplyOptions = {}): Promise<SeedChanges> {
  return dataSource.transaction(async (manager: EntityManager) => {
    // A load started while another runs waits for it, then compares against what it committed.
    await takeLoadLock(manager);
    const changes: SeedChanges = {};
    const plans: TablePlan[] = [];
    for (const [name, target] of TABLES) {
      const plan = await planTable(manager, name, target, rows[name] as ObjectLiteral[]);
      plans.push(plan);
      changes[name] = { inserted: plan.inserts.length, updated: plan.updates.length, deleted: plan.deletes.length };
    }
    await writePlans(manager, plans, options.faultPoint);
    // The search index follows in the same transaction: search never shows data the database does not have.
    // Built from the rows just written (the database now holds exactly them), not read back.
    changes.searchDocuments = await syncSearchIndex(manager, searchDocumentsOf(rows));
    reachFaultPoint(options.faultPoint, 'indexed');
    if (Object.values(changes).some((c) => c.inserted + c.updated + c.deleted > 0)) await bumpDataVersion(manager);
    reachFaultPoint(options.faultPoint, 'commit');
    return changes;
  });
}

/** Reads, checks and compiles the filings; throws SeedValidationError listing every problem. */
export function prepareSeed(seedDir: string, limits: Partial<SeedLimits> = {}): SeedRows {
  const held = { ...DEFAULT_SEED_LIMITS, ...limits };
  const { filings, problems } = readFilings(seedDir, held);
  const compiled = compileFilings(seedDir, filings, held);
  const all = [...problems, ...compiled.problems];
  if (all.length > 0) throw new SeedValidationError(all);
  return compiled.rows;
}

/** How a load runs: `check` validates only; `limits` override DEFAULT_SEED_LIMITS. */
export interface LoadOptions extends ApplyOptions {
  check?: boolean;
  limits?: Partial<SeedLimits>;
}

/**
 * Validates the filings and, unless `check` is set, loads them in one transaction. Every check runs
 * before anything is written: a refused load changes nothing.
 */
export async function loadSeed(dataSource: DataSource, seedDir: string, options: LoadOptions = {}): Promise<SeedChanges | null> {
  const rows = prepareSeed(seedDir, options.limits);
  if (options.check) return null;
  return applyRows(dataSource, rows, { faultPoint: options.faultPoint });
}
