import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Citation } from '../announcements/announcement.entity';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Context } from '../api/context';
import { GlossaryTerm } from './glossary.entity';

@Resolver(() => GlossaryTerm)
export class GlossaryResolver {
  @Query(() => [GlossaryTerm], {
    description:
      'The bilingual glossary: English and Chinese for the kinds of action and the terms of the trade, in the order of its filing. With `term`, the entries that have it.',
  })
  glossary(
    @Arg('term', () => String, {
      nullable: true,
      description: 'An English or Chinese term (public reprimand, 公开谴责): the entries with a term equal to it, case and surrounding spaces aside.',
    })
    term: string | null | undefined,
    @Ctx() { services }: Context,
  ): Promise<GlossaryTerm[]> {
    return services.glossary.find(term ?? null);
  }

  @FieldResolver(() => [Citation], { description: "Where the English and the Chinese come from: the curators' note, and the article where it uses the term." })
  sources(@Root() entry: GlossaryTerm, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'GlossaryTerm', entry.key);
  }
}
