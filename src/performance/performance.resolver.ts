import { Arg, Ctx, Extensions, FieldResolver, Resolver, Root } from 'type-graphql';
import { CitationFormat } from '../citations/citation.enums';
import { Citation } from '../announcements/announcement.entity';
import { Context } from '../api/context';
import { sourcesOf } from '../announcements/announcement.loaders';
import { EventRecord } from '../events/event.entity';
import { PerformanceDisclosure } from '../events/event.types';
import { Manager } from '../managers/manager.entity';
import { Product } from '../products/product.entity';
import { PerformanceFigure } from './performance-figure.entity';

@Resolver(() => PerformanceFigure)
export class PerformanceFigureResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product, when the figure is about one.' })
  product(@Root() figure: PerformanceFigure, @Ctx() { loaders }: Context): Promise<Product | null> {
    return figure.productKey ? loaders.productByKey.load(figure.productKey) : Promise.resolve(null);
  }

  @FieldResolver(() => Manager, { nullable: true, description: "The manager, when the figure is about a manager's products." })
  manager(@Root() figure: PerformanceFigure, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return figure.managerKey ? loaders.managerByKey.load(figure.managerKey) : Promise.resolve(null);
  }

  @FieldResolver(() => PerformanceDisclosure, { description: 'The disclosure the figure belongs to.' })
  async disclosure(@Root() figure: PerformanceFigure, @Ctx() { loaders }: Context): Promise<EventRecord> {
    return (await loaders.eventByKey.load(figure.eventKey))!;
  }

  @Extensions({ fetches: true })
  @FieldResolver(() => String, {
    description:
      "The documents this figure cites, as bibliography entries in the format asked for: one per document, each with the figure's quotes from it and the figure's permalink (GET /records/<id>).",
  })
  citation(
    @Root() figure: PerformanceFigure,
    @Arg('format', () => CitationFormat, { description: 'CSL_JSON, RIS, BIBTEX or BIBLATEX.' }) format: CitationFormat,
    @Ctx() { services, loaders }: Context,
  ): Promise<string> {
    return services.citations.ofRecord({ subjectType: 'PerformanceFigure', key: figure.key, id: figure.id }, loaders, format);
  }

  @FieldResolver(() => [Citation], { description: 'Where the figure comes from.' })
  sources(@Root() figure: PerformanceFigure, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'PerformanceFigure', figure.key);
  }
}
