import { DataSource } from 'typeorm';
import { Announcement, AnnouncementKind, Citation } from '../../src/announcements/announcement.entity';
import { Authority, AuthorityKind } from '../../src/authorities/authority.entity';
import { EventManager, EventProduct, EventRecord } from '../../src/events/event.entity';
import { DatePrecision, EventType } from '../../src/events/event.enums';
import { AumBand, Manager, ManagerStatus } from '../../src/managers/manager.entity';
import { Product } from '../../src/products/product.entity';

/**
 * Factories for specs that build their own data: each writes real rows through the DataSource and
 * returns what it wrote. Keys are made unique with a counter unless given.
 */
let counter = 0;
const next = (prefix: string) => `${prefix}-${(counter += 1)}`;

export async function buildAuthority(ds: DataSource, values: Partial<Authority> = {}): Promise<Authority> {
  const code = values.code ?? `AUTH_${(counter += 1)}`;
  return ds
    .getRepository(Authority)
    .save(
      Object.assign(new Authority(), { code, nameZh: `机构${code}`, shortNameZh: null, nameEn: `Authority ${code}`, kind: AuthorityKind.EXCHANGE, ...values }),
    );
}

export async function buildManager(ds: DataSource, values: Partial<Manager> = {}): Promise<Manager> {
  const key = values.key ?? values.slug ?? next('manager');
  return ds.getRepository(Manager).save(
    Object.assign(new Manager(), {
      key,
      slug: key,
      legalName: null,
      shortName: `管理人${key}`,
      englishName: null,
      aliases: [],
      foundedOn: null,
      city: null,
      aumBand: AumBand.UNKNOWN,
      status: ManagerStatus.ACTIVE,
      description: null,
      ...values,
    }),
  );
}

export async function buildProduct(ds: DataSource, manager: Manager, values: Partial<Product> = {}): Promise<Product> {
  const key = values.key ?? next('product');
  return ds
    .getRepository(Product)
    .save(
      Object.assign(new Product(), { key, slug: key, name: `产品${key}`, managerKey: manager.key, aliases: [], isFlagship: false, strategy: null, ...values }),
    );
}

export async function buildAnnouncement(ds: DataSource, values: Partial<Announcement> = {}): Promise<Announcement> {
  const key = values.key ?? next('document');
  return ds.getRepository(Announcement).save(
    Object.assign(new Announcement(), {
      key,
      slug: key,
      kind: AnnouncementKind.ARTICLE,
      title: `文档 ${key}`,
      language: 'zh',
      publishedOn: null,
      dateNote: null,
      url: null,
      authorityCode: null,
      managerKey: null,
      quotedInKey: null,
      body: `正文 ${key}`,
      rawBody: null,
      ...values,
    }),
  );
}

export async function buildCitation(ds: DataSource, subjectType: string, subjectKey: string, document: Announcement, position = 0): Promise<Citation> {
  return ds.getRepository(Citation).save(
    Object.assign(new Citation(), {
      key: next('citation'),
      subjectType,
      subjectKey,
      position,
      announcementKey: document.key,
      quote: document.body,
      note: null,
    }),
  );
}

/** An event with its manager and product links written too. */
export async function buildEvent(ds: DataSource, values: Partial<EventRecord> & { managers?: Manager[]; products?: Product[] } = {}): Promise<EventRecord> {
  const { managers = [], products = [], ...columns } = values;
  const key = columns.key ?? next('event');
  const event = Object.assign(new EventRecord(), {
    key,
    type: EventType.REGULATORY_MEASURE,
    date: '2024-02-20',
    datePrecision: DatePrecision.DAY,
    dateNote: null,
    title: `事件 ${key}`,
    titleEn: null,
    summary: null,
    authorityCode: null,
    managerKey: managers[0]?.key ?? null,
    measure: 'ORDER_TO_CORRECT',
    measureCategory: null,
    stage: null,
    ruleCited: null,
    ruleText: null,
    durationMonths: null,
    reason: null,
    scope: null,
    startDate: null,
    tradingDays: null,
    liquidationKind: null,
    liquidationGroupFormed: null,
    deregistrationPlanned: null,
    dataVendor: null,
    asOf: null,
    claim: null,
    rumorStatus: null,
    assessment: null,
    curatorsWords: [],
    ...columns,
  } as EventRecord);
  await ds.getRepository(EventRecord).save(event);
  await ds
    .getRepository(EventManager)
    .save(managers.map((m, position) => Object.assign(new EventManager(), { eventKey: key, managerKey: m.key, position, date: event.date, type: event.type })));
  await ds.getRepository(EventProduct).save(products.map((p, position) => Object.assign(new EventProduct(), { eventKey: key, productKey: p.key, position })));
  return event;
}
