import { registerEnumType } from 'type-graphql';

export enum SearchKind {
  ANNOUNCEMENT = 'ANNOUNCEMENT',
  EVENT = 'EVENT',
  MANAGER = 'MANAGER',
  PRODUCT = 'PRODUCT',
}
registerEnumType(SearchKind, {
  name: 'SearchKind',
  description: 'What a search hit is.',
  valuesConfig: {
    ANNOUNCEMENT: { description: 'A passage (paragraph) of a source document.' },
    EVENT: { description: 'An event: penalty, suspension, liquidation, measure, disclosure, rumour.' },
    MANAGER: { description: 'A fund manager.' },
    PRODUCT: { description: 'A fund product.' },
  },
});

/** Which engine answered a search. */
export type SearchEngineName = 'embedded' | 'meilisearch';
