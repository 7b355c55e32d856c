/**
 * The CSL-JSON input schema the citation specs validate against. No npm package at hand ships the
 * citation-style-language schema's csl-data.json; this is the part of it that CSL-JSON items use here,
 * written from the CSL 1.0.2 specification: an array of items, each with `id` and one of the CSL types,
 * only known variables (additionalProperties false), strings, numbers and the structured date model.
 * When a package with the real file is installed, this export becomes one line:
 *   export const CSL_DATA_SCHEMA = require('<package>/schemas/input/csl-data.json');
 */
const TYPES = [
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'bill',
  'book',
  'broadcast',
  'chapter',
  'classic',
  'collection',
  'dataset',
  'document',
  'entry',
  'entry-dictionary',
  'entry-encyclopedia',
  'event',
  'figure',
  'graphic',
  'hearing',
  'interview',
  'legal_case',
  'legislation',
  'manuscript',
  'map',
  'motion_picture',
  'musical_score',
  'pamphlet',
  'paper-conference',
  'patent',
  'performance',
  'periodical',
  'personal_communication',
  'post',
  'post-weblog',
  'regulation',
  'report',
  'review',
  'review-book',
  'software',
  'song',
  'speech',
  'standard',
  'thesis',
  'treaty',
  'webpage',
];
const STRING_VARIABLES = [
  'citation-key',
  'language',
  'title',
  'title-short',
  'authority',
  'publisher',
  'publisher-place',
  'container-title',
  'archive',
  'archive_location',
  'note',
  'URL',
  'genre',
  'jurisdiction',
  'source',
  'abstract',
  'medium',
  'status',
  'DOI',
];
const NUMBER_VARIABLES = ['number', 'issue', 'volume', 'page', 'edition'];
const DATE_VARIABLES = ['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date'];
const NAME_VARIABLES = ['author', 'editor', 'translator', 'contributor', 'recipient'];

const date = {
  type: 'object',
  properties: {
    'date-parts': { type: 'array', minItems: 1, maxItems: 2, items: { type: 'array', minItems: 1, maxItems: 3, items: { type: ['string', 'number'] } } },
    season: { type: ['string', 'number'] },
    circa: { type: ['string', 'number', 'boolean'] },
    literal: { type: 'string' },
    raw: { type: 'string' },
  },
  additionalProperties: false,
};
const name = {
  type: 'object',
  properties: Object.fromEntries(['family', 'given', 'literal', 'suffix', 'dropping-particle', 'non-dropping-particle'].map((p) => [p, { type: 'string' }])),
  additionalProperties: false,
};

export const CSL_DATA_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'array',
  items: {
    type: 'object',
    required: ['type', 'id'],
    additionalProperties: false,
    properties: {
      id: { type: ['string', 'number'] },
      type: { type: 'string', enum: TYPES },
      ...Object.fromEntries(STRING_VARIABLES.map((v) => [v, { type: 'string' }])),
      ...Object.fromEntries(NUMBER_VARIABLES.map((v) => [v, { type: ['string', 'number'] }])),
      ...Object.fromEntries(DATE_VARIABLES.map((v) => [v, date])),
      ...Object.fromEntries(NAME_VARIABLES.map((v) => [v, { type: 'array', items: name }])),
    },
  },
};
