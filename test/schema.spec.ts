import fs from 'node:fs';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, parse, validate } from 'graphql';
import { projectPath } from '../src/config/config';
import { playgroundExamples } from '../src/playground/examples';
import { createSchema, printSortedSchema } from '../src/api/schema';

/** The schema the code builds is the checked-in one, every part of it is described, and the playground's examples are valid. */
describe('the GraphQL schema', () => {
  it('matches schema/schema.graphql (run npm run schema:emit after changing the API)', async () => {
    const checkedIn = fs.readFileSync(projectPath('schema', 'schema.graphql'), 'utf8');
    expect(await printSortedSchema()).toBe(checkedIn);
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await createSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('accepts every playground example', async () => {
    const schema = await createSchema();
    expect(playgroundExamples.length).toBeGreaterThanOrEqual(5);
    for (const example of playgroundExamples) {
      expect([example.title, validate(schema, parse(example.query)).map((e) => e.message)]).toEqual([example.title, []]);
    }
  });

  it('exposes the contract frontends code against', async () => {
    const schema = await createSchema();
    const query = schema.getQueryType()!.getFields();
    for (const name of ['node', 'manager', 'managers', 'product', 'products', 'events', 'announcements', 'marketWindows', 'authorities'])
      expect(query[name]).toBeDefined();
    const event = schema.getType('Event');
    expect(isInterfaceType(event) && Object.keys(event.getFields()).sort()).toEqual(
      expect.arrayContaining(['authority', 'date', 'id', 'manager', 'products', 'sources', 'summary', 'title', 'type']),
    );
    for (const name of ['ExchangePenalty', 'TradingSuspension', 'LiquidationNotice', 'RegulatoryMeasure', 'PerformanceDisclosure', 'MarketRumor']) {
      const type = schema.getType(name);
      expect(
        isObjectType(type) &&
          type
            .getInterfaces()
            .map((i) => i.name)
            .sort(),
      ).toEqual(['Event', 'Node']);
    }
    const suspension = schema.getType('TradingSuspension');
    expect(isObjectType(suspension) && Object.keys(suspension.getFields())).toEqual(
      expect.arrayContaining(['exchange', 'startDate', 'tradingDays', 'endDate', 'resumeDate']),
    );
    const episode = schema.getType('TradingEpisode');
    expect(isObjectType(episode) && Object.keys(episode.getFields())).toEqual(
      expect.arrayContaining(['exchange', 'side', 'amountCny', 'start', 'end', 'marketWindows', 'shareOfTurnoverPercent']),
    );
    const window = schema.getType('MarketDataWindow');
    expect(isObjectType(window) && Object.keys(window.getFields())).toEqual(
      expect.arrayContaining(['instrument', 'start', 'end', 'startLevel', 'endLevel', 'changePercent', 'turnoverCny', 'episodes', 'events']),
    );
    const connection = schema.getType('EventConnection');
    expect(isObjectType(connection) && Object.keys(connection.getFields()).sort()).toEqual(['edges', 'nodes', 'pageInfo', 'totalCount']);
    expect(isObjectType(connection) && getNamedType(connection.getFields().nodes.type).name).toBe('Event');
  });
});
