import { stem } from 'porter2';

/**
 * English analysis of Latin words, the same at index and at query time: British spellings folded to
 * American through a small curated table, then stemmed with Porter2 (the `porter2` package, which
 * gives Snowball's English stemmer's output), then a few derivations of the domain that Porter2 keeps
 * apart joined (suspension with suspend, dissolution with dissolve). suspended, suspends and
 * suspension all become `suspend`; rumour and rumor become `rumor`. Words without a letter (11.95)
 * are their own key.
 */

/** British roots and their American forms; every inflection in INFLECTIONS of a root folds with it. */
const VARIANT_ROOTS: [british: string, american: string][] = [
  ['rumour', 'rumor'],
  ['behaviour', 'behavior'],
  ['favour', 'favor'],
  ['labour', 'labor'],
  ['honour', 'honor'],
  ['colour', 'color'],
  ['centre', 'center'],
  ['licence', 'license'],
  ['defence', 'defense'],
  ['offence', 'offense'],
  ['programme', 'program'],
  ['catalogue', 'catalog'],
  ['judgement', 'judgment'],
  ['penalis', 'penaliz'],
  ['authoris', 'authoriz'],
  ['organis', 'organiz'],
  ['recognis', 'recogniz'],
  ['realis', 'realiz'],
  ['capitalis', 'capitaliz'],
  ['stabilis', 'stabiliz'],
  ['liberalis', 'liberaliz'],
  ['normalis', 'normaliz'],
  ['privatis', 'privatiz'],
  ['minimis', 'minimiz'],
  ['maximis', 'maximiz'],
  ['finalis', 'finaliz'],
  ['analys', 'analyz'],
  ['cancell', 'cancel'],
  ['modell', 'model'],
  ['labell', 'label'],
  ['signall', 'signal'],
  ['totall', 'total'],
];

/** Endings a root takes: rumour, rumours, rumoured; penalise, penalised, penalisation. */
const INFLECTIONS = ['', 's', 'e', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'ation', 'ations', 'ment', 'ments', 'ist', 'ists'];

/** Every British spelling the table knows, mapped to its American spelling. */
const VARIANTS: ReadonlyMap<string, string> = new Map(
  VARIANT_ROOTS.flatMap(([british, american]) => INFLECTIONS.map((ending): [string, string] => [british + ending, american + ending])),
);

/** Porter2 stems of the domain's nouns, joined to the stem of their verb or adjective. */
const DERIVATIONS: ReadonlyMap<string, string> = new Map([
  ['suspens', 'suspend'], // suspension, suspensions
  ['dissolut', 'dissolv'], // dissolution
  ['deregistr', 'deregist'], // deregistration (deregistered is deregist)
  ['registr', 'regist'], // registration
  ['penalti', 'penal'], // penalty, penalties (penalized is penal)
  ['decis', 'decid'], // decision
  ['exclus', 'exclud'], // exclusion
]);

/** The British spellings of each American spelling the table knows. */
const BRITISH: ReadonlyMap<string, string[]> = [...VARIANTS].reduce(
  (map, [british, american]) => map.set(american, [...(map.get(american) ?? []), british]),
  new Map<string, string[]>(),
);

/** Every spelling of a lower-case word that the variant table folds together with it: the word, its American spelling, and that spelling's British ones. */
export function spellingsOf(word: string): string[] {
  const american = americanSpelling(word);
  return [...new Set([word, american, ...(BRITISH.get(american) ?? [])])];
}

/** The American spelling of a lower-case word the variant table knows, or the word. */
export function americanSpelling(word: string): string {
  return VARIANTS.get(word) ?? word;
}

const keys = new Map<string, string>();
const MAX_CACHED = 100_000;

/** The key a lower-case Latin word is indexed and searched under: spelling folded, stemmed, derivations joined. */
export function englishKey(word: string): string {
  let key = keys.get(word);
  if (key !== undefined) return key;
  if (!/\p{L}/u.test(word)) key = word;
  else {
    const stemmed = stem(americanSpelling(word));
    key = DERIVATIONS.get(stemmed) ?? stemmed;
  }
  if (keys.size < MAX_CACHED) keys.set(word, key);
  return key;
}

/** How a word reaches another's key: the same word, a spelling variant, or a stem. */
export function keyForm(queryWord: string, documentWord: string): 'EXACT' | 'VARIANT' | 'STEM' {
  if (queryWord === documentWord) return 'EXACT';
  if (americanSpelling(queryWord) === americanSpelling(documentWord)) return 'VARIANT';
  return 'STEM';
}
