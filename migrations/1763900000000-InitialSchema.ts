import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, date, double, fk, index, instant, int, key, money, str, text } from './helpers';

/** The knowledge base: authorities, managers, people, products, documents, citations, events, market data, calendar. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const tables: Table[] = [
      new Table({
        name: 'authority',
        columns: [key('code', 32), str('nameZh', 200), str('shortNameZh', 100, true), str('nameEn', 200), str('kind', 40)],
      }),
      new Table({
        name: 'manager',
        columns: [
          key('key', 100), str('slug', 100), str('legalName', 200, true), str('shortName', 100), str('englishName', 200, true),
          text('aliases', false), str('foundedOn', 10, true), str('city', 100, true), str('aumBand', 20), str('status', 20),
          text('description'),
        ],
        indices: [index('manager', ['slug'], true)],
      }),
      new Table({
        name: 'product',
        columns: [
          key('key', 100), str('slug', 100), str('name', 200), str('managerKey', 100), text('aliases', false),
          { ...bool('isFlagship'), default: false }, str('strategy', 200, true),
        ],
        indices: [index('product', ['slug'], true), index('product', ['managerKey'])],
        foreignKeys: [fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'person',
        columns: [key('key', 100), str('slug', 100), str('name', 100), text('education')],
        indices: [index('person', ['slug'], true)],
      }),
      new Table({
        name: 'person_role',
        columns: [
          key('key', 140), str('personKey', 100), str('managerKey', 100, true), str('organization', 200), str('title', 100, true),
          bool('current'), int('position'),
        ],
        indices: [index('person_role', ['personKey']), index('person_role', ['managerKey'])],
        foreignKeys: [fk('personKey', 'person', 'key', 'CASCADE'), fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'announcement',
        columns: [
          key('key', 120), str('slug', 120), str('kind', 40), str('title', 300), str('language', 8), date('publishedOn'),
          text('dateNote'), str('url', 500, true), str('authorityCode', 32, true), str('managerKey', 100, true),
          str('quotedInKey', 120, true), text('body', false), text('rawBody'),
        ],
        indices: [
          index('announcement', ['slug'], true), index('announcement', ['authorityCode']), index('announcement', ['managerKey']),
          index('announcement', ['quotedInKey']),
        ],
        foreignKeys: [fk('authorityCode', 'authority', 'code'), fk('managerKey', 'manager', 'key'), fk('quotedInKey', 'announcement', 'key')],
      }),
      new Table({
        name: 'citation',
        columns: [
          key('key', 64), str('subjectType', 40), str('subjectKey', 140), int('position'), str('announcementKey', 120),
          text('quote', false), text('note'),
        ],
        indices: [index('citation', ['subjectType', 'subjectKey']), index('citation', ['announcementKey'])],
        foreignKeys: [fk('announcementKey', 'announcement', 'key')],
      }),
      new Table({
        name: 'instrument',
        columns: [key('code', 20), str('nameZh', 100), str('nameEn', 100, true), str('exchangeCode', 32), str('kind', 20)],
        foreignKeys: [fk('exchangeCode', 'authority', 'code')],
      }),
      new Table({
        name: 'market_window',
        columns: [
          key('key', 120), str('instrumentCode', 20), instant('startAt'), instant('endAt'), double('startLevel'), double('endLevel'),
          double('changePercentStated', true), money('turnoverCny', true),
        ],
        indices: [index('market_window', ['instrumentCode', 'startAt'])],
        foreignKeys: [fk('instrumentCode', 'instrument', 'code')],
      }),
      new Table({
        name: 'trading_episode',
        columns: [
          key('key', 120), str('managerKey', 100), str('exchangeCode', 32), str('side', 8), money('amountCny'), instant('startAt'),
          instant('endAt'), text('description'),
        ],
        indices: [index('trading_episode', ['managerKey']), index('trading_episode', ['exchangeCode', 'startAt'])],
        foreignKeys: [fk('managerKey', 'manager', 'key'), fk('exchangeCode', 'authority', 'code')],
      }),
      new Table({
        name: 'event',
        columns: [
          key('key', 120), str('type', 40), date('date', false), str('datePrecision', 20), text('dateNote'), str('title', 300),
          str('titleEn', 300, true), text('summary'), str('authorityCode', 32, true), str('managerKey', 100, true),
          str('measure', 40, true), str('measureCategory', 40, true), str('stage', 20, true), str('ruleCited', 300, true),
          text('ruleText'), int('durationMonths', true), text('reason'), str('scope', 200, true), date('startDate'),
          int('tradingDays', true), str('liquidationKind', 40, true), bool('liquidationGroupFormed', true),
          bool('deregistrationPlanned', true), str('dataVendor', 100, true), date('asOf'), text('claim'),
          str('rumorStatus', 20, true), text('assessment'),
        ],
        indices: [
          index('event', ['type']), index('event', ['date', 'key']), index('event', ['authorityCode']), index('event', ['managerKey']),
        ],
        foreignKeys: [fk('authorityCode', 'authority', 'code'), fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'event_manager',
        columns: [key('eventKey', 120), key('managerKey', 100), int('position')],
        indices: [index('event_manager', ['managerKey'])],
        foreignKeys: [fk('eventKey', 'event', 'key', 'CASCADE'), fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'event_product',
        columns: [key('eventKey', 120), key('productKey', 100), int('position')],
        indices: [index('event_product', ['productKey'])],
        foreignKeys: [fk('eventKey', 'event', 'key', 'CASCADE'), fk('productKey', 'product', 'key')],
      }),
      new Table({
        name: 'event_episode',
        columns: [key('eventKey', 120), key('episodeKey', 120)],
        indices: [index('event_episode', ['episodeKey'])],
        foreignKeys: [fk('eventKey', 'event', 'key', 'CASCADE'), fk('episodeKey', 'trading_episode', 'key')],
      }),
      new Table({
        name: 'rumor_denial',
        columns: [key('key', 140), str('eventKey', 120), str('managerKey', 100, true), str('speaker', 200), text('statement', false), int('position')],
        indices: [index('rumor_denial', ['eventKey'])],
        foreignKeys: [fk('eventKey', 'event', 'key', 'CASCADE'), fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'performance_figure',
        columns: [
          key('key', 140), str('eventKey', 120), int('position'), str('subjectKind', 20), str('productKey', 100, true),
          str('managerKey', 100, true), str('cohort', 200, true), str('metric', 40), str('comparator', 20), double('valuePercent', true),
          int('count', true), str('countComparator', 20, true), date('periodStart'), date('periodEnd'), str('periodLabel', 100),
          date('asOf'), str('dataVendor', 100, true), str('basis', 40),
        ],
        indices: [index('performance_figure', ['eventKey']), index('performance_figure', ['productKey']), index('performance_figure', ['managerKey'])],
        foreignKeys: [fk('eventKey', 'event', 'key', 'CASCADE'), fk('productKey', 'product', 'key'), fk('managerKey', 'manager', 'key')],
      }),
      new Table({
        name: 'concept',
        columns: [key('key', 100), str('slug', 100), str('term', 100), str('termEn', 200, true), text('aliases', false), text('definition', false)],
        indices: [index('concept', ['slug'], true)],
      }),
      new Table({
        name: 'trading_calendar_year',
        columns: [{ name: 'year', type: 'integer', isPrimary: true }, str('key', 120)],
      }),
      new Table({
        name: 'market_closure',
        columns: [key('date', 10), int('year'), str('reason', 200)],
        indices: [index('market_closure', ['year'])],
        foreignKeys: [fk('year', 'trading_calendar_year', 'year', 'CASCADE')],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table, false, true, true);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'market_closure', 'trading_calendar_year', 'concept', 'performance_figure', 'rumor_denial', 'event_episode', 'event_product',
      'event_manager', 'event', 'trading_episode', 'market_window', 'instrument', 'citation', 'announcement', 'person_role',
      'person', 'product', 'manager', 'authority',
    ]) {
      await queryRunner.dropTable(name);
    }
  }
}
