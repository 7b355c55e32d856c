import { Manager } from '../../src/managers/manager.entity';
import { Person, PersonRole } from '../../src/people/person.entity';
import { Product } from '../../src/products/product.entity';
import { create, CompileContext } from '../compile-context';
import { ManagerFiling } from '../filing-schema';
import { Located } from '../seed-types';

type PersonFiling = ManagerFiling['people'][number];

/** A person of a manager's filing, with the roles they hold (at the manager or elsewhere). */
function compilePerson({ define, ref, cite, rows }: CompileContext, file: string, p: PersonFiling, i: number): void {
  define('person', p.id, file, `people[${i}].id`);
  rows.people.push(create(Person, { key: p.id, slug: p.id, name: p.name, education: p.education ?? null }));
  p.roles.forEach((role, r) => {
    ref('manager', role.manager, file, `people[${i}].roles[${r}].manager`);
    rows.personRoles.push(
      create(PersonRole, {
        key: `${p.id}:${r}`,
        personKey: p.id,
        managerKey: role.manager ?? null,
        organization: role.organization,
        title: role.title ?? null,
        current: role.current,
        position: r,
      }),
    );
  });
  cite('Person', p.id, p.sources, file, `people[${i}].sources`);
}

/** A manager, then its people, then its products. */
export function compileManager(context: CompileContext, { file, filing }: Located<ManagerFiling>): void {
  const { define, cite, rows } = context;
  define('manager', filing.id, file, 'id');
  rows.managers.push(
    create(Manager, {
      key: filing.id,
      slug: filing.id,
      legalName: filing.legalName ?? null,
      shortName: filing.shortName,
      englishName: filing.englishName ?? null,
      aliases: filing.aliases,
      foundedOn: filing.foundedOn ?? null,
      city: filing.city ?? null,
      aumBand: filing.aumBand,
      status: filing.status,
      description: filing.description ?? null,
    }),
  );
  cite('Manager', filing.id, filing.sources, file, 'sources');
  filing.people.forEach((p, i) => compilePerson(context, file, p, i));
  filing.products.forEach((p, i) => {
    define('product', p.id, file, `products[${i}].id`);
    rows.products.push(
      create(Product, {
        key: p.id,
        slug: p.id,
        name: p.name,
        managerKey: filing.id,
        aliases: p.aliases,
        isFlagship: p.isFlagship,
        strategy: p.strategy ?? null,
      }),
    );
    cite('Product', p.id, p.sources, file, `products[${i}].sources`);
  });
}
