import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
} from 'graphql';

/**
 * A second generator of GraphQL requests, from the committed SDL (schema/schema.graphql) rather than
 * the code: operations with variables, aliases, named and inline fragments and directives, then
 * mutated at the envelope (operationName, variables' depth, size and shape, extensions), in the text,
 * in the transport (GET parameters) and in the headers. Everything comes from one seeded PRNG.
 */
export function committedSchema(): GraphQLSchema {
  return buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
}

export interface Operation {
  text: string;
  name: string;
  variables: Record<string, unknown>;
}

const SLUGS = [
  'ningbo-lingjun',
  'minghong',
  'ubiquant',
  'high-flyer',
  'ningbo-mingling',
  'ubiquant-rixiang-csi1000-enhanced-1',
  'dma',
  'snowball',
  'no-such-slug',
];
const CODES = ['SSE', 'SZSE', 'CSRC', 'CSRC_SH', 'AMAC', 'SAMR_LOCAL', '000001.SH'];
const TEXTS = ['灵均', '公开谴责', 'DMA', 'lingjun', '靈均', '雪球', '11.95', 'Ubiquant'];
const IDS = ['TWFuYWdlcjptaW5naG9uZw', 'TWFuYWdlcjp1YmlxdWFudA', 'bm9wZQ', 'not an id'];

export class OperationBuilder {
  private variables: { name: string; type: string; value: unknown }[] = [];
  private fragments: string[] = [];
  private counter = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
  ) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** A query operation over one to three root fields, valid against the schema in the great majority of cases. */
  build(): Operation {
    this.variables = [];
    this.fragments = [];
    this.counter = 0;
    const root = this.schema.getQueryType()!;
    const fields = Object.values(root.getFields());
    const count = 1 + Math.floor(this.random() * 3);
    const selections = Array.from({ length: count }, () => this.field(this.pick(fields), 0)).join(' ');
    const name = `Op${Math.floor(this.random() * 1e9).toString(36)}`;
    const definitions = this.variables.length ? `(${this.variables.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
    const text = [`query ${name}${definitions} { ${selections} }`, ...this.fragments].join('\n');
    return { text, name, variables: Object.fromEntries(this.variables.map((v) => [v.name, v.value])) };
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number): string {
    const alias = this.random() < 0.5 ? `f${(this.counter += 1)}: ` : '';
    const args = field.args.filter((a) => isNonNullType(a.type) || this.random() < 0.35).map((a) => `${a.name}: ${this.argument(a)}`);
    const directive = this.random() < 0.08 ? this.directive() : '';
    const named = getNamedType(field.type);
    const inner = isScalarType(named) || isEnumType(named) ? '' : ` { ${this.selection(named, depth + 1)} }`;
    return `${alias}${field.name}${args.length ? `(${args.join(', ')})` : ''}${directive}${inner}`;
  }

  private directive(): string {
    const name = `b${this.variables.length}`;
    this.variables.push({ name, type: 'Boolean!', value: this.random() < 0.5 });
    return ` @${this.pick(['include', 'skip'])}(if: $${name})`;
  }

  private selection(type: GraphQLNamedType, depth: number): string {
    if (depth > 3) return '__typename';
    if (isAbstractType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const chosen = this.pick(possible);
      return `__typename ... on ${chosen.name} { ${this.selection(chosen, depth + 1)} }`;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return '__typename';
    const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
    const chosen = fields.filter(() => this.random() < 0.25).slice(0, 4);
    if (chosen.length === 0) chosen.push(fields.find((f) => isScalarType(getNamedType(f.type))) ?? fields[0]);
    const body = chosen.map((f) => this.field(f, depth)).join(' ');
    if (this.random() < 0.15) {
      const name = `Frag${this.fragments.length}x${depth}`;
      this.fragments.push(`fragment ${name} on ${type.name} { ${body} }`);
      return `...${name}`;
    }
    return this.random() < 0.1 ? `... on ${type.name} { ${body} }` : body;
  }

  private argument(arg: GraphQLArgument): string {
    if (this.random() < 0.5) return this.literal(arg.type, 0);
    const name = `v${this.variables.length}`;
    this.variables.push({ name, type: String(arg.type), value: this.value(arg.type, 0) });
    return `$${name}`;
  }

  /** A JSON value of the input type, as a variable carries it. */
  value(type: GraphQLInputType, depth: number): unknown {
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (isListType(type)) return Array.from({ length: Math.floor(this.random() * 3) }, () => this.value(type.ofType, depth));
    if (isEnumType(type)) return this.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      if (depth > 2) return {};
      return Object.fromEntries(
        Object.values(type.getFields())
          .filter(() => this.random() < 0.4)
          .map((f) => [f.name, this.value(f.type, depth + 1)]),
      );
    }
    return this.scalar(type.name);
  }

  private scalar(name: string): unknown {
    switch (name) {
      case 'Int':
        return this.pick([1, 2, 5, 10, 20, 2024]);
      case 'Float':
        return Math.round(this.random() * 1000) / 10;
      case 'Boolean':
        return this.random() < 0.5;
      case 'ID':
        return this.pick(IDS);
      case 'Date':
        return this.pick(['2024-02-20', '2023-09-01', '2024-01-02']);
      case 'DateTime':
        return this.pick(['2024-02-19T09:30:00+08:00', '2024-02-19T10:30:00+08:00']);
      default:
        return this.pick([...SLUGS, ...CODES, ...TEXTS]);
    }
  }

  private literal(type: GraphQLInputType, depth: number): string {
    if (isNonNullType(type)) return this.literal(type.ofType, depth);
    if (isListType(type)) return `[${Array.from({ length: Math.floor(this.random() * 3) }, () => this.literal(type.ofType, depth)).join(', ')}]`;
    if (isEnumType(type)) return this.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      if (depth > 2) return '{}';
      return `{ ${Object.values(type.getFields())
        .filter(() => this.random() < 0.4)
        .map((f) => `${f.name}: ${this.literal(f.type, depth + 1)}`)
        .join(', ')} }`;
    }
    return JSON.stringify(this.scalar(type.name));
  }
}

/** An object or array nested `depth` levels, ending in a string. */
export function nested(depth: number, shape: 'object' | 'array' | 'mixed'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) {
    const asArray = shape === 'array' || (shape === 'mixed' && i % 2 === 1);
    value = asArray ? [value] : { n: value };
  }
  return value;
}

/** The JSON text of `nested(depth, shape)`, built without recursion: JSON.stringify overflows the stack at about 10,000 levels. */
export function nestedJson(depth: number, shape: 'object' | 'array' | 'mixed'): string {
  const opens: string[] = [];
  for (let i = depth - 1; i >= 0; i -= 1) opens.push(shape === 'array' || (shape === 'mixed' && i % 2 === 1) ? '[' : '{"n":');
  return `${opens.join('')}"leaf"${opens
    .reverse()
    .map((o) => (o === '[' ? ']' : '}'))
    .join('')}`;
}

/** A payload's JSON text with `value` (JSON text) as the variable `name`. */
export function withRawVariable(payload: Record<string, unknown>, name: string, value: string): string {
  const marker = '__raw_variable_marker__';
  const variables = { ...((payload.variables as Record<string, unknown> | undefined) ?? {}), [name]: marker };
  return JSON.stringify({ ...payload, variables }).replace(`"${marker}"`, () => value);
}

/** A string of `length` characters from a seeded PRNG (letters and digits). */
export function randomText(random: () => number, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}
