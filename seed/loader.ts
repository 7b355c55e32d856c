import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import YAML from 'yaml';
import { Announcement, Citation } from '../src/announcements/announcement.entity';
import { containsQuote, normalizeWhitespace, passagesOf, quoteOccursIn, withoutLineBreaks } from '../src/announcements/text';
import { Authority } from '../src/authorities/authority.entity';
import { Concept } from '../src/concepts/concept.entity';
import { MarketClosure, TradingCalendarYear } from '../src/calendar/calendar.entity';
import { insertEntities } from '../src/core/bulk';
import { bumpDataVersion, takeLoadLock } from '../src/core/data-version';
import { parseCnyAmount } from '../src/core/money';
import { toShanghaiIso } from '../src/core/time';
import { searchDocumentsOf, syncSearchIndex } from '../src/search/search-indexer';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from '../src/events/event.entity';
import { Manager } from '../src/managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../src/market/market.entity';
import { Person, PersonRole } from '../src/people/person.entity';
import { PerformanceFigure } from '../src/performance/performance-figure.entity';
import { PerformanceSubjectKind } from '../src/performance/performance.enums';
import { Product } from '../src/products/product.entity';
import { AnnouncementFiling, CitationInput, EventFiling, Filing, filing as filingSchema } from './filing-schema';

/** One thing wrong with the curated filings: which file, which field, why. */
export interface SeedProblem {
  file: string;
  path: string;
  message: string;
}

export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(
      `The curated filings have ${problems.length} problem(s); nothing was written:\n` +
        problems.map((p) => `  ${p.file}: ${p.path || '(file)'}: ${p.message}`).join('\n'),
    );
    this.name = 'SeedValidationError';
  }
}

/** The rows of every table, as the filings define them. */
export interface SeedRows {
  authorities: Authority[];
  managers: Manager[];
  products: Product[];
  people: Person[];
  personRoles: PersonRole[];
  announcements: Announcement[];
  citations: Citation[];
  instruments: Instrument[];
  windows: MarketDataWindow[];
  episodes: TradingEpisode[];
  events: EventRecord[];
  eventManagers: EventManager[];
  eventProducts: EventProduct[];
  eventEpisodes: EventEpisode[];
  denials: RumorDenial[];
  figures: PerformanceFigure[];
  calendarYears: TradingCalendarYear[];
  closures: MarketClosure[];
  concepts: Concept[];
}

/** What a load changed, table by table. */
export type SeedChanges = Record<string, { inserted: number; updated: number; deleted: number }>;

export interface Located<T> {
  file: string;
  filing: T;
}

function listYamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listYamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** Reads and schema-checks every filing under `<seedDir>/filings`. */
export function readFilings(seedDir: string): { filings: Located<Filing>[]; problems: SeedProblem[] } {
  const filings: Located<Filing>[] = [];
  const problems: SeedProblem[] = [];
  const files = listYamlFiles(path.join(seedDir, 'filings'));
  if (files.length === 0) problems.push({ file: displayPath(seedDir), path: '', message: 'no filings found under filings/' });
  for (const file of files) {
    const shown = displayPath(file);
    const document = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const at = error.linePos?.[0];
        problems.push({ file: shown, path: at ? `line ${at.line}, column ${at.col}` : '', message: `YAML syntax: ${error.message.split('\n')[0]}` });
      }
      continue;
    }
    const parsed = parseFiling(document.toJS(), shown, problems);
    if (parsed) filings.push({ file: shown, filing: parsed });
  }
  return { filings, problems };
}

/** Schema-checks the content of one filing; on failure adds its problems and returns null. */
export function parseFiling(value: unknown, file: string, problems: SeedProblem[]): Filing | null {
  const parsed = filingSchema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? `is required (expected ${issue.expected})` : undefined),
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push({ file, path: issue.path.join('.'), message: issue.message });
  return null;
}

function citationKey(subjectType: string, subjectKey: string, position: number): string {
  return createHash('sha256').update(`${subjectType}\u0000${subjectKey}\u0000${position}`).digest('hex').slice(0, 40);
}

type IfEquals<X, Y, A, B> = (<V>() => V extends X ? 1 : 2) extends <V>() => V extends Y ? 1 : 2 ? A : B;
type WritableKeys<T> = { [P in keyof T]-?: IfEquals<{ [Q in P]: T[P] }, { -readonly [Q in P]: T[P] }, P, never> }[keyof T];
/** The stored columns of an entity: its derived getters (global id, durations, basis) left out. */
type Columns<T> = Pick<T, WritableKeys<T>>;

function create<T extends object>(target: new () => T, values: Columns<T>): T {
  return Object.assign(new target(), values);
}

/**
 * Turns validated filings into rows, checking what a schema cannot: unique ids, references that
 * resolve, quotes that occur in their documents, derived figures that agree with the stated ones.
 */
export function compileFilings(seedDir: string, filings: Located<Filing>[]): { rows: SeedRows; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const rows: SeedRows = {
    authorities: [], managers: [], products: [], people: [], personRoles: [], announcements: [], citations: [],
    instruments: [], windows: [], episodes: [], events: [], eventManagers: [], eventProducts: [], eventEpisodes: [],
    denials: [], figures: [], calendarYears: [], closures: [], concepts: [],
  };
  const defined = new Map<string, Map<string, string>>();
  const define = (kind: string, id: string, file: string, at: string) => {
    const ids = defined.get(kind) ?? new Map<string, string>();
    defined.set(kind, ids);
    const previous = ids.get(id);
    if (previous !== undefined) problems.push({ file, path: at, message: `duplicate ${kind} id "${id}" (first defined in ${previous})` });
    else ids.set(id, file);
  };
  const pendingRefs: { kind: string; id: string; file: string; at: string }[] = [];
  const ref = (kind: string, id: string | undefined | null, file: string, at: string) => {
    if (id !== undefined && id !== null) pendingRefs.push({ kind, id, file, at });
  };
  const pendingQuotes: { citation: CitationInput; file: string; at: string }[] = [];
  const cite = (subjectType: string, subjectKey: string, sources: CitationInput[], file: string, at: string) => {
    sources.forEach((source, position) => {
      ref('document', source.document, file, `${at}[${position}].document`);
      pendingQuotes.push({ citation: source, file, at: `${at}[${position}].quote` });
      rows.citations.push(
        create(Citation, {
          key: citationKey(subjectType, subjectKey, position),
          subjectType,
          subjectKey,
          position,
          announcementKey: source.document,
          quote: source.quote.trim(),
          note: source.note ?? null,
        }),
      );
    });
  };
  const statements: Located<AnnouncementFiling>[] = [];

  for (const { file, filing } of filings) {
    switch (filing.filing) {
      case 'authorities':
        filing.authorities.forEach((a, i) => {
          define('authority', a.code, file, `authorities[${i}].code`);
          rows.authorities.push(create(Authority, { code: a.code, nameZh: a.nameZh, shortNameZh: a.shortNameZh ?? null, nameEn: a.nameEn, kind: a.kind }));
          cite('Authority', a.code, a.sources, file, `authorities[${i}].sources`);
        });
        break;
      case 'announcement': {
        define('document', filing.id, file, 'id');
        ref('authority', filing.authority, file, 'authority');
        ref('manager', filing.manager, file, 'manager');
        ref('document', filing.quotedIn, file, 'quotedIn');
        const readDocument = (name: string, field: string): string | null => {
          const full = path.join(seedDir, 'documents', name);
          if (!fs.existsSync(full)) {
            problems.push({ file, path: field, message: `no file documents/${name}` });
            return null;
          }
          return fs.readFileSync(full, 'utf8');
        };
        const body = filing.body ?? (filing.bodyFile ? readDocument(filing.bodyFile, 'bodyFile') : null);
        const raw = filing.rawFile ? readDocument(filing.rawFile, 'rawFile') : null;
        if (body !== null && raw !== null && withoutLineBreaks(body) !== withoutLineBreaks(raw)) {
          const a = withoutLineBreaks(body);
          const b = withoutLineBreaks(raw);
          let at = 0;
          while (at < a.length && a[at] === b[at]) at += 1;
          problems.push({ file, path: 'bodyFile', message: `the cleaned body differs from rawFile beyond line breaks, first at character ${at}: "${a.slice(at, at + 20)}" vs "${b.slice(at, at + 20)}"` });
        }
        if (filing.quotedIn !== undefined) statements.push({ file, filing });
        rows.announcements.push(
          create(Announcement, {
            key: filing.id,
            slug: filing.id,
            kind: filing.kind,
            title: filing.title,
            language: filing.language,
            publishedOn: filing.publishedOn ?? null,
            dateNote: filing.dateNote ?? null,
            url: filing.url ?? null,
            authorityCode: filing.authority ?? null,
            managerKey: filing.manager ?? null,
            quotedInKey: filing.quotedIn ?? null,
            body: (body ?? '').trim(),
            rawBody: raw,
          }),
        );
        break;
      }
      case 'manager': {
        define('manager', filing.id, file, 'id');
        rows.managers.push(
          create(Manager, {
            key: filing.id,
            slug: filing.id,
            legalName: filing.legalName ?? null,
            shortName: filing.shortName,
            englishName: filing.englishName ?? null,
            aliases: filing.aliases,
            foundedOn: filing.foundedOn ?? null,
            city: filing.city ?? null,
            aumBand: filing.aumBand,
            status: filing.status,
            description: filing.description ?? null,
          }),
        );
        cite('Manager', filing.id, filing.sources, file, 'sources');
        filing.people.forEach((p, i) => {
          define('person', p.id, file, `people[${i}].id`);
          rows.people.push(create(Person, { key: p.id, slug: p.id, name: p.name, education: p.education ?? null }));
          p.roles.forEach((role, r) => {
            ref('manager', role.manager, file, `people[${i}].roles[${r}].manager`);
            rows.personRoles.push(
              create(PersonRole, {
                key: `${p.id}:${r}`,
                personKey: p.id,
                managerKey: role.manager ?? null,
                organization: role.organization,
                title: role.title ?? null,
                current: role.current,
                position: r,
              }),
            );
          });
          cite('Person', p.id, p.sources, file, `people[${i}].sources`);
        });
        filing.products.forEach((p, i) => {
          define('product', p.id, file, `products[${i}].id`);
          rows.products.push(
            create(Product, { key: p.id, slug: p.id, name: p.name, managerKey: filing.id, aliases: p.aliases, isFlagship: p.isFlagship, strategy: p.strategy ?? null }),
          );
          cite('Product', p.id, p.sources, file, `products[${i}].sources`);
        });
        break;
      }
      case 'instruments':
        filing.instruments.forEach((inst, i) => {
          define('instrument', inst.code, file, `instruments[${i}].code`);
          ref('authority', inst.exchange, file, `instruments[${i}].exchange`);
          rows.instruments.push(create(Instrument, { code: inst.code, nameZh: inst.nameZh, nameEn: inst.nameEn ?? null, exchangeCode: inst.exchange, kind: inst.kind }));
          cite('Instrument', inst.code, inst.sources, file, `instruments[${i}].sources`);
        });
        break;
      case 'marketData':
        filing.windows.forEach((w, i) => {
          const at = `windows[${i}]`;
          define('market window', w.id, file, `${at}.id`);
          ref('instrument', w.instrument, file, `${at}.instrument`);
          if (Date.parse(w.start) >= Date.parse(w.end)) problems.push({ file, path: `${at}.end`, message: 'must be after start' });
          const computed = ((w.endLevel - w.startLevel) / w.startLevel) * 100;
          if (w.changePercent !== undefined && Math.abs(computed - w.changePercent) > 0.005 + 1e-9) {
            problems.push({ file, path: `${at}.changePercent`, message: `${w.changePercent} disagrees with the levels ${w.startLevel} -> ${w.endLevel} (${computed.toFixed(4)}%)` });
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
        });
        filing.episodes.forEach((e, i) => {
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
        });
        break;
      case 'event':
        compileEvent(filing, file, { define, ref, cite, rows, problems });
        break;
      case 'concept':
        define('concept', filing.id, file, 'id');
        rows.concepts.push(
          create(Concept, { key: filing.id, slug: filing.id, term: filing.term, termEn: filing.termEn ?? null, aliases: filing.aliases, definition: filing.definition }),
        );
        cite('Concept', filing.id, filing.sources, file, 'sources');
        break;
      case 'tradingCalendar': {
        define('trading calendar', String(filing.year), file, 'year');
        rows.calendarYears.push(create(TradingCalendarYear, { year: filing.year, key: filing.id }));
        cite('TradingCalendarYear', String(filing.year), filing.sources, file, 'sources');
        filing.closures.forEach((c, i) => {
          if (c.from > c.to) problems.push({ file, path: `closures[${i}].to`, message: 'must not be before from' });
          for (let d = new Date(`${c.from}T00:00:00Z`); d <= new Date(`${c.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
            const iso = d.toISOString().slice(0, 10);
            if (Number(iso.slice(0, 4)) !== filing.year) {
              problems.push({ file, path: `closures[${i}]`, message: `${iso} is outside ${filing.year}` });
              break;
            }
            if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
            define('closure', iso, file, `closures[${i}]`);
            rows.closures.push(create(MarketClosure, { date: iso, year: filing.year, reason: c.reason }));
          }
        });
        break;
      }
      default: {
        const exhaustive: never = filing;
        throw new Error(`unhandled filing ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  for (const r of pendingRefs) {
    if (!defined.get(r.kind)?.has(r.id)) problems.push({ file: r.file, path: r.at, message: `unknown ${r.kind} "${r.id}"` });
  }
  const bodies = new Map(rows.announcements.map((a) => [a.key, a.body]));
  const normalizedBodies = new Map<string, string>();
  for (const q of pendingQuotes) {
    const body = bodies.get(q.citation.document);
    if (body === undefined) continue;
    let normalized = normalizedBodies.get(q.citation.document);
    if (normalized === undefined) normalizedBodies.set(q.citation.document, (normalized = normalizeWhitespace(body)));
    if (!quoteOccursIn(normalized, q.citation.quote)) {
      problems.push({ file: q.file, path: q.at, message: `quote not found in document "${q.citation.document}": "${q.citation.quote}"` });
    }
  }
  for (const { file, filing } of statements) {
    const quotedIn = bodies.get(filing.quotedIn!);
    if (quotedIn === undefined) continue;
    passagesOf(bodies.get(filing.id) ?? '').forEach((passage, i) => {
      if (!containsQuote(quotedIn, passage)) {
        problems.push({ file, path: `body (passage ${i + 1})`, message: `passage not found in the quoting document "${filing.quotedIn}": "${passage.slice(0, 40)}…"` });
      }
    });
  }
  // A document quoted by another goes after it, so that foreign keys hold while inserting.
  rows.announcements.sort((a, b) => Number(a.quotedInKey !== null) - Number(b.quotedInKey !== null) || a.key.localeCompare(b.key));
  return { rows, problems };
}

interface CompileTools {
  define: (kind: string, id: string, file: string, at: string) => void;
  ref: (kind: string, id: string | undefined | null, file: string, at: string) => void;
  cite: (subjectType: string, subjectKey: string, sources: CitationInput[], file: string, at: string) => void;
  rows: SeedRows;
  problems: SeedProblem[];
}

function compileEvent(e: EventFiling, file: string, { define, ref, cite, rows, problems }: CompileTools) {
  define('event', e.id, file, 'id');
  ref('authority', e.authority, file, 'authority');
  e.managers.forEach((m, i) => {
    ref('manager', m, file, `managers[${i}]`);
    rows.eventManagers.push(create(EventManager, { eventKey: e.id, managerKey: m, position: i, date: e.date, type: e.type }));
  });
  e.products.forEach((p, i) => {
    ref('product', p, file, `products[${i}]`);
    rows.eventProducts.push(create(EventProduct, { eventKey: e.id, productKey: p, position: i }));
  });
  e.tradingEpisodes.forEach((ep, i) => {
    ref('trading episode', ep, file, `tradingEpisodes[${i}]`);
    rows.eventEpisodes.push(create(EventEpisode, { eventKey: e.id, episodeKey: ep }));
  });
  if (new Set(e.managers).size !== e.managers.length) problems.push({ file, path: 'managers', message: 'lists a manager twice' });
  if (new Set(e.products).size !== e.products.length) problems.push({ file, path: 'products', message: 'lists a product twice' });
  rows.events.push(
    create(EventRecord, {
      key: e.id,
      type: e.type,
      date: e.date,
      datePrecision: e.datePrecision,
      dateNote: e.dateNote ?? null,
      title: e.title,
      titleEn: e.titleEn ?? null,
      summary: e.summary ?? null,
      authorityCode: e.authority ?? null,
      managerKey: e.managers[0] ?? null,
      measure: e.measure ?? null,
      measureCategory: e.measureCategory ?? null,
      stage: e.stage ?? null,
      ruleCited: e.ruleCited ?? null,
      ruleText: e.ruleText ?? null,
      durationMonths: e.durationMonths ?? null,
      reason: e.reason ?? null,
      scope: e.scope ?? null,
      startDate: e.startDate ?? null,
      tradingDays: e.tradingDays ?? null,
      liquidationKind: e.liquidationKind ?? null,
      liquidationGroupFormed: e.liquidationGroupFormed ?? null,
      deregistrationPlanned: e.deregistrationPlanned ?? null,
      dataVendor: e.dataVendor ?? null,
      asOf: e.asOf ?? null,
      claim: e.claim ?? null,
      rumorStatus: e.rumorStatus ?? null,
      assessment: e.assessment ?? null,
    }),
  );
  cite('Event', e.id, e.sources, file, 'sources');
  e.figures.forEach((f, i) => {
    const at = `figures[${i}]`;
    const key = `${e.id}:${i}`;
    ref('product', f.product, file, `${at}.product`);
    ref('manager', f.manager, file, `${at}.manager`);
    const needs: Record<PerformanceSubjectKind, [string, unknown]> = {
      PRODUCT: ['product', f.product],
      MANAGER: ['manager', f.manager],
      COHORT: ['cohort', f.cohort],
    };
    const [field, value] = needs[f.subject];
    if (f.valuePercent === undefined && f.count === undefined) problems.push({ file, path: `${at}.valuePercent`, message: 'give valuePercent, count or both' });
    if (value === undefined) problems.push({ file, path: `${at}.${field}`, message: `required when subject is ${f.subject}` });
    rows.figures.push(
      create(PerformanceFigure, {
        key,
        eventKey: e.id,
        position: i,
        subjectKind: f.subject,
        productKey: f.product ?? null,
        managerKey: f.manager ?? null,
        cohort: f.cohort ?? null,
        metric: f.metric,
        comparator: f.comparator,
        valuePercent: f.valuePercent ?? null,
        count: f.count ?? null,
        countComparator: f.countComparator ?? null,
        periodStart: f.periodStart ?? null,
        periodEnd: f.periodEnd ?? null,
        periodLabel: f.periodLabel,
        asOf: f.asOf ?? e.asOf ?? null,
        dataVendor: f.dataVendor ?? e.dataVendor ?? null,
        basis: f.basis,
      }),
    );
    cite('PerformanceFigure', key, f.sources, file, `${at}.sources`);
  });
  e.denials.forEach((d, i) => {
    const key = `${e.id}:denial:${i}`;
    ref('manager', d.manager, file, `denials[${i}].manager`);
    rows.denials.push(create(RumorDenial, { key, eventKey: e.id, managerKey: d.manager ?? null, speaker: d.speaker, statement: d.statement, position: i }));
    cite('RumorDenial', key, d.sources, file, `denials[${i}].sources`);
  });
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
  ['concepts', Concept],
];

/**
 * Fault injection for the crash-safety test: when FUNDWATCH_FAULT_POINT names a point, the process
 * kills itself there with SIGKILL, as a power cut would; `commit` is announced on stderr instead, so
 * that the test can kill the process while it commits. Inert unless the variable is set.
 */
function faultPoint(name: string): void {
  const wanted = process.env.FUNDWATCH_FAULT_POINT;
  if (wanted === undefined || wanted === '') return;
  if (wanted === 'commit' && name === 'commit') process.stderr.write('fault-point: commit\n');
  else if (wanted === name) process.kill(process.pid, 'SIGKILL');
}

function comparable(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Makes the database hold exactly `rows`, in one transaction: inserts what is new, updates what
 * changed, deletes what the filings no longer define. Rows that did not change are not written.
 */
export async function applyRows(dataSource: DataSource, rows: SeedRows): Promise<SeedChanges> {
  return dataSource.transaction(async (manager: EntityManager) => {
    // A load started while another runs waits for it, then compares against what it committed.
    await takeLoadLock(manager);
    const changes: SeedChanges = {};
    const plans = [];
    for (const [name, target] of TABLES) {
      const metadata = manager.connection.getMetadata(target);
      const primary = metadata.primaryColumns.map((c) => c.propertyName);
      const columns = metadata.columns.map((c) => c.propertyName);
      const idOf = (row: ObjectLiteral) => primary.map((p) => String(row[p])).join('\u0000');
      const existing = new Map((await manager.find(target)).map((row) => [idOf(row), row]));
      const wanted = rows[name] as ObjectLiteral[];
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
      plans.push({ name, target, primary, inserts, updates, deletes });
      changes[name] = { inserted: inserts.length, updated: updates.length, deleted: deletes.length };
    }
    for (const plan of [...plans].reverse()) {
      for (const row of plan.deletes) await manager.delete(plan.target, Object.fromEntries(plan.primary.map((p) => [p, row[p]])));
    }
    faultPoint('deleted');
    for (const plan of plans) {
      await insertEntities(manager, plan.target, plan.inserts);
      for (const row of plan.updates) {
        const where = Object.fromEntries(plan.primary.map((p) => [p, row[p]]));
        const values = Object.fromEntries(Object.entries(row).filter(([k]) => !plan.primary.includes(k)));
        await manager.update(plan.target, where, values);
      }
      faultPoint(`wrote:${plan.name}`);
    }
    // The search index follows in the same transaction: search never shows data the database does not have.
    // Built from the rows just written (the database now holds exactly them), not read back.
    changes.searchDocuments = await syncSearchIndex(manager, searchDocumentsOf(rows));
    faultPoint('indexed');
    if (Object.values(changes).some((c) => c.inserted + c.updated + c.deleted > 0)) await bumpDataVersion(manager);
    faultPoint('commit');
    return changes;
  });
}

/** Reads, checks and compiles the filings; throws SeedValidationError listing every problem. */
export function prepareSeed(seedDir: string): SeedRows {
  const { filings, problems } = readFilings(seedDir);
  const compiled = compileFilings(seedDir, filings);
  const all = [...problems, ...compiled.problems];
  if (all.length > 0) throw new SeedValidationError(all);
  return compiled.rows;
}

/** Validates the filings and, unless `check` is set, loads them in one transaction. */
export async function loadSeed(dataSource: DataSource, seedDir: string, options: { check?: boolean } = {}): Promise<SeedChanges | null> {
  const rows = prepareSeed(seedDir);
  if (options.check) return null;
  return applyRows(dataSource, rows);
}

