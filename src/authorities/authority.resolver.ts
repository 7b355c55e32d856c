import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Citation } from '../announcements/announcement.entity';
import { Context } from '../api/context';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Authority } from './authority.entity';

@Resolver(() => Authority)
export class AuthorityResolver {
  @Query(() => [Authority], { description: 'Every authority in the knowledge base, by code.' })
  authorities(@Ctx() { services }: Context): Promise<Authority[]> {
    return services.authorities.list();
  }

  @Query(() => Authority, { nullable: true, description: 'One authority by code (SSE, SZSE, CSRC, CSRC_SH, AMAC, SAMR_LOCAL); null when there is none.' })
  authority(@Arg('code', { description: "The authority's code." }) code: string, @Ctx() { loaders }: Context): Promise<Authority | null> {
    return loaders.authorityByCode.load(code);
  }

  @FieldResolver(() => [Citation], { description: "Where the authority's names come from." })
  sources(@Root() authority: Authority, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Authority', authority.code);
  }
}
