import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Citation } from '../announcements/announcement.entity';
import { Context } from '../api/context';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Manager } from '../managers/manager.entity';
import { Person, PersonRole } from './person.entity';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'One person by slug (ma-zhiyu, cai-meijie); null when there is none.' })
  person(@Arg('slug', { description: "The person's slug." }) slug: string, @Ctx() { services }: Context): Promise<Person | null> {
    return services.people.findBySlug(slug);
  }

  @FieldResolver(() => [PersonRole], { description: 'Positions held now and before, as the sources give them.' })
  roles(@Root() person: Person, @Ctx() { loaders }: Context): Promise<PersonRole[]> {
    return loaders.rolesByPerson.load(person.key);
  }

  @FieldResolver(() => [Citation], { description: 'Where the facts about the person come from.' })
  sources(@Root() person: Person, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Person', person.key);
  }
}

@Resolver(() => PersonRole)
export class PersonRoleResolver {
  @FieldResolver(() => Manager, { nullable: true, description: 'The manager, when the organisation is one in the knowledge base.' })
  manager(@Root() role: PersonRole, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return role.managerKey ? loaders.managerByKey.load(role.managerKey) : Promise.resolve(null);
  }

  @FieldResolver(() => Person, { description: 'The person holding the position.' })
  async person(@Root() role: PersonRole, @Ctx() { loaders }: Context): Promise<Person> {
    return (await loaders.personByKey.load(role.personKey))!;
  }
}
