import { Arg, Args, Ctx, Extensions, Field, FieldResolver, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Authority } from '../authorities/authority.entity';
import { ConnectionType, PageArgs } from '../core/connection';
import { Context } from '../api/context';
import { CitationFormat } from '../citations/citation.enums';
import { Manager } from '../managers/manager.entity';
import { Announcement, AnnouncementKind, Citation } from './announcement.entity';
import { passagesOf } from './text';

@InputType({ description: 'Narrows the list of announcements.' })
export class AnnouncementFilter {
  @Field(() => [AnnouncementKind], { nullable: true, description: 'Only these kinds of document.' })
  @IsOptional()
  kinds?: AnnouncementKind[];

  @Field(() => [String], {
    nullable: true,
    description:
      "Only statements of these authorities, by code (SSE) or by a name the authority's record gives (上海证券交易所, 上交所). An unknown value is refused with the list of authorities.",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  authorities?: string[];

  @Field(() => [String], { nullable: true, description: 'Only documents about these managers, by slug. An unknown slug is refused with the list of slugs.' })
  @IsOptional()
  @ArrayMaxSize(100)
  managerSlugs?: string[];
}

@ObjectType({ description: 'A page of announcements, ordered by slug.' })
export class AnnouncementConnection extends ConnectionType(Announcement, 'Announcement') {}

@Resolver(() => Announcement)
export class AnnouncementResolver {
  @Query(() => Announcement, { nullable: true, description: 'One source document by slug; null when there is none.' })
  announcement(@Arg('slug', { description: "The document's slug." }) slug: string, @Ctx() { services }: Context): Promise<Announcement | null> {
    return services.announcements.findBySlug(slug);
  }

  @Query(() => AnnouncementConnection, { description: "Source documents: articles, authority statements, manager disclosures, curator's notes." })
  announcements(
    @Arg('filter', () => AnnouncementFilter, { nullable: true, description: 'Narrows the list.' }) filter: AnnouncementFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
  ) {
    return services.announcements.list(filter ?? {}, page);
  }

  @FieldResolver(() => Authority, { nullable: true, description: 'The authority whose statement this is.' })
  authority(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<Authority | null> {
    return a.authorityCode ? loaders.authorityByCode.load(a.authorityCode) : Promise.resolve(null);
  }

  @FieldResolver(() => Manager, { nullable: true, description: 'The manager the document is by or about, when it is one.' })
  manager(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return a.managerKey ? loaders.managerByKey.load(a.managerKey) : Promise.resolve(null);
  }

  @FieldResolver(() => Announcement, { nullable: true, description: 'For a statement known only through another document: the document that quotes it.' })
  quotedIn(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<Announcement | null> {
    return a.quotedInKey ? loaders.announcementByKey.load(a.quotedInKey) : Promise.resolve(null);
  }

  @FieldResolver(() => [Announcement], { description: 'Statements this document quotes, recorded as announcements of their own.' })
  quotedStatements(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<Announcement[]> {
    return loaders.quotedStatementsOf.load(a.key);
  }

  @FieldResolver(() => String, {
    description: 'The text. For an extracted article, the cleaned text: the lines of each paragraph joined, paragraphs separated by a blank line.',
  })
  async body(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<string> {
    return a.body ?? (await loaders.announcementTextByKey.load(a.key))!.body;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The raw text as extracted from the original file (line breaks and page breaks of a PDF), when it differs from the body.',
  })
  async rawBody(@Root() a: Announcement, @Ctx() { loaders }: Context): Promise<string | null> {
    return a.rawBody !== undefined ? a.rawBody : (await loaders.announcementTextByKey.load(a.key))!.rawBody;
  }

  @Extensions({ fetches: true })
  @FieldResolver(() => String, {
    description:
      "This document as a bibliography entry in the format asked for, with its permalink (GET /records/<id>): a regulator's decision a legal case with its authority and documentNumber; only the date, publisher and URL the document gives.",
  })
  citation(
    @Root() a: Announcement,
    @Arg('format', () => CitationFormat, { description: 'CSL_JSON, RIS, BIBTEX or BIBLATEX.' }) format: CitationFormat,
    @Ctx() { services, loaders }: Context,
  ): Promise<string> {
    return services.citations.ofDocument(a, loaders, format);
  }

  @FieldResolver(() => [String], { description: 'The body split into passages (paragraphs).' })
  async passages(@Root() a: Announcement, @Ctx() context: Context): Promise<string[]> {
    return passagesOf(await this.body(a, context));
  }
}

@Resolver(() => Citation)
export class CitationResolver {
  @FieldResolver(() => Announcement, { description: 'The document the quote comes from.' })
  async announcement(@Root() citation: Citation, @Ctx() { loaders }: Context): Promise<Announcement> {
    return (await loaders.announcementByKey.load(citation.announcementKey))!;
  }
}
