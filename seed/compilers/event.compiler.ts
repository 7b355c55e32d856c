import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from '../../src/events/event.entity';
import { PerformanceFigure } from '../../src/performance/performance-figure.entity';
import { PerformanceSubjectKind } from '../../src/performance/performance.enums';
import { create, CompileContext } from '../compile-context';
import { EventFiling } from '../filing-schema';
import { Located } from '../seed-types';

type FigureFiling = EventFiling['figures'][number];

/** The managers, products and trading episodes an event concerns, in the order the filing lists them. */
function compileEventLinks({ ref, rows, problems }: CompileContext, file: string, e: EventFiling): void {
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
}

/** The event's own row: one table for every event type, the fields of other types null. */
function eventRecord(e: EventFiling): EventRecord {
  return create(EventRecord, {
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
    curatorsWords: e.curatorsWords,
  });
}

/** A disclosed figure: it names the subject its kind calls for, and gives a value, a count or both. */
function compileFigure({ ref, cite, rows, problems }: CompileContext, file: string, e: EventFiling, f: FigureFiling, i: number): void {
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
      curatorsWords: f.curatorsWords,
    }),
  );
  cite('PerformanceFigure', key, f.sources, file, `${at}.sources`);
}

function compileDenials({ ref, cite, rows }: CompileContext, file: string, e: EventFiling): void {
  e.denials.forEach((d, i) => {
    const key = `${e.id}:denial:${i}`;
    ref('manager', d.manager, file, `denials[${i}].manager`);
    rows.denials.push(
      create(RumorDenial, {
        key,
        eventKey: e.id,
        managerKey: d.manager ?? null,
        speaker: d.speaker,
        statement: d.statement,
        position: i,
        curatorsWords: d.curatorsWords,
      }),
    );
    cite('RumorDenial', key, d.sources, file, `denials[${i}].sources`);
  });
}

/** An event, what it concerns, its figures and (for a rumour) its denials. */
export function compileEvent(context: CompileContext, { file, filing: e }: Located<EventFiling>): void {
  context.define('event', e.id, file, 'id');
  context.ref('authority', e.authority, file, 'authority');
  compileEventLinks(context, file, e);
  context.rows.events.push(eventRecord(e));
  context.cite('Event', e.id, e.sources, file, 'sources');
  e.figures.forEach((f, i) => compileFigure(context, file, e, f, i));
  compileDenials(context, file, e);
}
