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
import { bumpDataVersion, takeLoadLock } from '../src/database/data-version';
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
import { byteSize, DEFAULT_SEED_LIMITS, describeCharacter, forbiddenCharacterIn, printable, readDocumentFile, readSeedFile, SeedLimits, SeedRoot, seedRoot } from './seed-files';

export { DEFAULT_SEED_LIMITS, SeedLimits } from './seed-files';

/** One thing wrong with the curated filings: which file, which field, why. */
export interface SeedProblem {
  file: string;
  path: string;
  message: string;
}

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

/**
 * Reads and schema-checks every filing under `<seedDir>/filings`. A filing file is read as any
 * curated file is (seed/seed-files.ts): inside the seed, regular, within `limits.filingBytes`,
 * holding only characters curated text may hold.
 */
export function readFilings(seedDir: string, limits: SeedLimits = DEFAULT_SEED_LIMITS): { filings: Located<Filing>[]; problems: SeedProblem[] } {
  const filings: Located<Filing>[] = [];
  const problems: SeedProblem[] = [];
  const root = seedRoot(seedDir);
  const files = listYamlFiles(path.join(seedDir, 'filings'));
  if (files.length === 0) problems.push({ file: displayPath(seedDir), path: '', message: 'no filings found under filings/' });
  for (const file of files) {
    const shown = displayPath(file);
    const read = readSeedFile(root, path.relative(root.dir, path.resolve(file)), limits.filingBytes, 'filing');
    if (!read.ok) {
      problems.push({ file: shown, path: '', message: read.reason });
      continue;
    }
    const value = parseYaml(read.text, shown, limits, problems);
    if (value === undefined) continue;
    const parsed = parseFiling(value, shown, problems);
    if (parsed) filings.push({ file: shown, filing: parsed });
  }
  return { filings, problems };
}

/** The content of one YAML filing, or undefined (its problems added) when it is not well-formed or its aliases expand too far. */
function parseYaml(text: string, file: string, limits: SeedLimits, problems: SeedProblem[]): unknown {
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const at = error.linePos?.[0];
      problems.push({ file, path: at ? `line ${at.line}, column ${at.col}` : '', message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return undefined;
  }
  try {
    return document.toJS({ maxAliasCount: limits.yamlAliases });
  } catch (error) {
    // yaml throws a ReferenceError when the aliases would expand past maxAliasCount (a "billion laughs").
    const bomb = error instanceof ReferenceError && /alias/i.test(error.message);
    problems.push({
      file,
      path: '',
      message: bomb ? `YAML aliases expand past the limit of ${limits.yamlAliases} (an alias bomb): refused` : `YAML could not be read: ${(error as Error).name}`,
    });
    return undefined;
  }
}

/**
 * Every string of a parsed filing, keys included, held to the characters curated text may hold,
 * whatever the field's schema: a YAML escape ("\u0000", "\e", "\ud800") writes what the file's
 * text does not show. Iterative: a filing's nesting depth is the author's to choose.
 */
export function checkFilingText(value: unknown, file: string, problems: SeedProblem[]): void {
  const pending: [unknown, string][] = [[value, '']];
  const report = (at: string, text: string, what: string) => {
    const bad = forbiddenCharacterIn(text);
    if (bad) problems.push({ file, path: at, message: `${what} holds ${describeCharacter(bad.codePoint)} at offset ${bad.offset}` });
  };
  while (pending.length > 0) {
    const [item, at] = pending.pop()!;
    if (typeof item === 'string') report(at, item, 'the text');
    else if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i -= 1) pending.push([item[i], `${at}[${i}]`]);
    else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) {
        const childAt = at === '' ? key : `${at}.${key}`;
        report(childAt, key, 'the key');
        pending.push([child, childAt]);
      }
    }
  }
}

/**
 * Checks the characters and the schema of one filing's content; adds its problems. Returns null when
 * the schema fails; a filing with bad characters only is still returned, so that what refers to it
 * resolves and the load fails on those characters alone.
 */
export function parseFiling(value: unknown, file: string, problems: SeedProblem[]): Filing | null {
  checkFilingText(value, file, problems);
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
export function compileFilings(seedDir: string, filings: Located<Filing>[], limits: SeedLimits = DEFAULT_SEED_LIMITS): { rows: SeedRows; problems: SeedProblem[] } {
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
  const tools: CompileTools = { define, ref, cite, rows, problems };
  const documents: DocumentSource = { root: seedRoot(seedDir), limits, unread: new Set() };

  for (const { file, filing } of filings) {
    switch (filing.filing) {
      case 'authorities':
        filing.authorities.forEach((a, i) => {
          define('authority', a.code, file, `authorities[${i}].code`);
          rows.authorities.push(create(Authority, { code: a.code, nameZh: a.nameZh, shortNameZh: a.shortNameZh ?? null, nameEn: a.nameEn, kind: a.kind }));
          cite('Authority', a.code, a.sources, file, `authorities[${i}].sources`);
        });
        break;
      case 'announcement':
        compileAnnouncement(filing, file, tools, documents);
        if (filing.quotedIn !== undefined) statements.push({ file, filing });
        break;
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
        compileEvent(filing, file, tools);
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
    // A document that could not be read has had its problem reported; its quotes are not checked against nothing.
    if (body === undefined || documents.unread.has(q.citation.document)) continue;
    let normalized = normalizedBodies.get(q.citation.document);
    if (normalized === undefined) normalizedBodies.set(q.citation.document, (normalized = normalizeWhitespace(body)));
    if (!quoteOccursIn(normalized, q.citation.quote)) {
      problems.push({ file: q.file, path: q.at, message: `quote not found in document "${q.citation.document}": "${q.citation.quote}"` });
    }
  }
  for (const { file, filing } of statements) {
    const quotedIn = bodies.get(filing.quotedIn!);
    if (quotedIn === undefined || documents.unread.has(filing.quotedIn!) || documents.unread.has(filing.id)) continue;
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

/** Where documents are read from, what they are held to, and which could not be read (whose quotes go unchecked). */
interface DocumentSource {
  root: SeedRoot;
  limits: SeedLimits;
  unread: Set<string>;
}

/** Whether a body is within the document and passage limits; the problems of one that is not are added. */
function bodyWithinLimits(body: string, shown: string, field: string, file: string, limits: SeedLimits, problems: SeedProblem[]): boolean {
  const size = byteSize(body);
  if (size > limits.documentBytes) {
    problems.push({ file, path: field, message: `${shown} is ${size} bytes, over the document limit of ${limits.documentBytes} bytes` });
    return false;
  }
  let within = true;
  passagesOf(body).forEach((passage, i) => {
    const bytes = byteSize(passage);
    if (bytes <= limits.passageBytes) return;
    within = false;
    problems.push({ file, path: `${field} (passage ${i + 1})`, message: `passage ${i + 1} of ${shown} is ${bytes} bytes, over the passage limit of ${limits.passageBytes} bytes` });
  });
  return within;
}

/**
 * One document: its body, inline or read from documents/ (never from outside the seed, never more
 * than the limits), and its raw extracted text, which must differ from the body only in line breaks.
 */
function compileAnnouncement(filing: AnnouncementFiling, file: string, { define, ref, rows, problems }: CompileTools, documents: DocumentSource) {
  define('document', filing.id, file, 'id');
  ref('authority', filing.authority, file, 'authority');
  ref('manager', filing.manager, file, 'manager');
  ref('document', filing.quotedIn, file, 'quotedIn');
  const readDocument = (name: string, field: string): string | null => {
    const read = readDocumentFile(documents.root, name, documents.limits);
    if (read.ok) return read.text;
    problems.push({ file, path: field, message: read.reason });
    return null;
  };
  const [bodyField, shown] = filing.bodyFile !== undefined ? ['bodyFile', `documents/${filing.bodyFile}`] : ['body', 'the body'];
  const body = filing.body ?? (filing.bodyFile ? readDocument(filing.bodyFile, 'bodyFile') : null);
  // Read (and refused) before any comparison: the comparison below quotes both texts.
  const raw = filing.rawFile ? readDocument(filing.rawFile, 'rawFile') : null;
  if (body === null || !bodyWithinLimits(body, shown, bodyField, file, documents.limits, problems)) documents.unread.add(filing.id);
  if (body !== null && raw !== null && withoutLineBreaks(body) !== withoutLineBreaks(raw)) {
    const a = withoutLineBreaks(body);
    const b = withoutLineBreaks(raw);
    let at = 0;
    while (at < a.length && a[at] === b[at]) at += 1;
    // Both are seed files that passed every check; SeedValidationError escapes what a terminal would act on.
    problems.push({ file, path: 'bodyFile', message: `the cleaned body differs from rawFile beyond line breaks, first at character ${at}: "${a.slice(at, at + 20)}" vs "${b.slice(at, at + 20)}"` });
  }
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
export function prepareSeed(seedDir: string, limits: Partial<SeedLimits> = {}): SeedRows {
  const held = { ...DEFAULT_SEED_LIMITS, ...limits };
  const { filings, problems } = readFilings(seedDir, held);
  const compiled = compileFilings(seedDir, filings, held);
  const all = [...problems, ...compiled.problems];
  if (all.length > 0) throw new SeedValidationError(all);
  return compiled.rows;
}

/**
 * Validates the filings and, unless `check` is set, loads them in one transaction. `limits` override
 * DEFAULT_SEED_LIMITS. Every check runs before anything is written: a refused load changes nothing.
 */
export async function loadSeed(dataSource: DataSource, seedDir: string, options: { check?: boolean; limits?: Partial<SeedLimits> } = {}): Promise<SeedChanges | null> {
  const rows = prepareSeed(seedDir, options.limits);
  if (options.check) return null;
  return applyRows(dataSource, rows);
}

