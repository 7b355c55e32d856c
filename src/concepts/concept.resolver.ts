import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Citation } from '../announcements/announcement.entity';
import { Context } from '../api/context';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Concept } from './concept.entity';

@Resolver(() => Concept)
export class ConceptResolver {
  @Query(() => [Concept], {
    description:
      'Terms of the trade the sources explain (DMA, 雪球, 微盘股, 窗口指导), with the figures they give; `glossary` holds the English and Chinese of terms.',
  })
  concepts(@Ctx() { services }: Context): Promise<Concept[]> {
    return services.concepts.list();
  }

  @Query(() => Concept, { nullable: true, description: 'One term by slug (dma, snowball, micro-caps, window-guidance); null when there is none.' })
  concept(@Arg('slug', { description: "The term's slug." }) slug: string, @Ctx() { services }: Context): Promise<Concept | null> {
    return services.concepts.findBySlug(slug);
  }

  @FieldResolver(() => [Citation], { description: 'Where the definition comes from.' })
  sources(@Root() concept: Concept, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Concept', concept.key);
  }
}
