import { Concept } from '../../src/concepts/concept.entity';
import { create, CompileContext } from '../compile-context';
import { ConceptFiling } from '../filing-schema';
import { Located } from '../seed-types';

/** A term of the field, defined and cited. */
export function compileConcept({ define, cite, rows }: CompileContext, { file, filing }: Located<ConceptFiling>): void {
  define('concept', filing.id, file, 'id');
  rows.concepts.push(
    create(Concept, {
      key: filing.id,
      slug: filing.id,
      term: filing.term,
      termEn: filing.termEn ?? null,
      aliases: filing.aliases,
      definition: filing.definition,
    }),
  );
  cite('Concept', filing.id, filing.sources, file, 'sources');
}
