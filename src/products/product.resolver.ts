import { Arg, Args, Ctx, Field, FieldResolver, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Citation } from '../announcements/announcement.entity';
import { ConnectionType, PageArgs } from '../core/connection';
import { Context, loadAll } from '../api/context';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Event } from '../events/event.types';
import { EventRecord } from '../events/event.entity';
import { compareEventsNewestFirst } from '../events/event.service';
import { Manager } from '../managers/manager.entity';
import { PerformanceFigure } from '../performance/performance-figure.entity';
import { Product } from './product.entity';

@InputType({ description: 'Narrows the list of products.' })
export class ProductFilter {
  @Field(() => [String], { nullable: true, description: 'Only products of these managers, by slug. An unknown slug is refused with the list of slugs.' })
  @IsOptional()
  @ArrayMaxSize(100)
  managerSlugs?: string[];
}

@ObjectType({ description: 'A page of products, ordered by slug.' })
export class ProductConnection extends ConnectionType(Product, 'Product') {}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: 'One product by slug; null when there is none.' })
  product(@Arg('slug', { description: "The product's slug." }) slug: string, @Ctx() { services }: Context): Promise<Product | null> {
    return services.products.findBySlug(slug);
  }

  @Query(() => ProductConnection, { description: 'Fund products, ordered by slug.' })
  products(
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Narrows the list.' }) filter: ProductFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
  ) {
    return services.products.list(filter ?? {}, page);
  }

  @FieldResolver(() => Manager, { description: 'The manager running the product.' })
  async manager(@Root() product: Product, @Ctx() { loaders }: Context): Promise<Manager> {
    return (await loaders.managerByKey.load(product.managerKey))!;
  }

  @FieldResolver(() => [Event], { description: 'Events that concern the product, newest first.' })
  async events(@Root() product: Product, @Ctx() { loaders }: Context): Promise<EventRecord[]> {
    const links = await loaders.productLinksOfProduct.load(product.key);
    return (
      await loadAll(
        loaders.eventByKey,
        links.map((l) => l.eventKey),
      )
    ).sort(compareEventsNewestFirst);
  }

  @FieldResolver(() => [PerformanceFigure], { description: 'Performance figures for the product, newest as-of date first.' })
  performance(@Root() product: Product, @Ctx() { loaders }: Context): Promise<PerformanceFigure[]> {
    return loaders.figuresOfProduct.load(product.key);
  }

  @FieldResolver(() => [Citation], { description: 'Where the facts about the product come from.' })
  sources(@Root() product: Product, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Product', product.key);
  }
}
