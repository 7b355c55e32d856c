import { registerEnumType } from 'type-graphql';

export enum SearchKind {
  ANNOUNCEMENT = 'ANNOUNCEMENT',
  EVENT = 'EVENT',
  MANAGER = 'MANAGER',
  PRODUCT = 'PRODUCT',
  CONCEPT = 'CONCEPT',
}
registerEnumType(SearchKind, {
  name: 'SearchKind',
  description: 'What a search hit is.',
  valuesConfig: {
    ANNOUNCEMENT: { description: 'A passage (paragraph) of a source document.' },
    EVENT: { description: 'An event: penalty, suspension, liquidation, measure, disclosure, rumour.' },
    MANAGER: { description: 'A fund manager.' },
    PRODUCT: { description: 'A fund product.' },
    CONCEPT: { description: 'A term of the trade the sources explain (DMA, 雪球, 微盘股, 窗口指导).' },
  },
});

/** Which engine answered a search. */
export type SearchEngineName = 'embedded' | 'meilisearch';

export enum MatchForm {
  EXACT = 'EXACT',
  PREFIX = 'PREFIX',
  TRADITIONAL = 'TRADITIONAL',
  PINYIN = 'PINYIN',
  ALIAS = 'ALIAS',
  VARIANT = 'VARIANT',
  STEM = 'STEM',
  GLOSSARY = 'GLOSSARY',
}
registerEnumType(MatchForm, {
  name: 'MatchForm',
  description: 'How a query term reached the text it matched.',
  valuesConfig: {
    EXACT: { description: 'The same characters or word (case and full-width forms aside).' },
    PREFIX: { description: 'The last word of the query, as typed so far, matched as the start of a longer word (lingj → Lingjun).' },
    TRADITIONAL: { description: 'Traditional characters in the query, matched as simplified (靈均 → 灵均).' },
    PINYIN: { description: 'Pinyin of a Chinese name (lingjun → 灵均).' },
    ALIAS: { description: 'Another name of the entity: an English name, short name or alias indexed with it.' },
    VARIANT: { description: 'A British or American spelling of the same word (rumour → rumor).' },
    STEM: { description: 'Another form of the same English word (suspended → suspension).' },
    GLOSSARY: { description: "The glossary's Chinese term for an English term of the query (public reprimand → 公开谴责)." },
  },
});

export enum MatchField {
  TITLE = 'TITLE',
  BODY = 'BODY',
  NAMES = 'NAMES',
}
registerEnumType(MatchField, {
  name: 'MatchField',
  description: 'Where in a hit a term matched.',
  valuesConfig: {
    TITLE: { description: 'The title.' },
    BODY: { description: 'The text the snippet is taken from.' },
    NAMES: {
      description:
        "Text indexed with the title but not shown in it: an entity's English names, aliases and pinyin; an event's English title and the names of its authority and managers.",
    },
  },
});
