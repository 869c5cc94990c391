import {
  type PeopleDirectory,
  type Person,
  type ServiceContext,
  byKeys,
  defineLoader,
} from '@weace/service-kit';

/**
 * People by `User.id` from the service's own directory (kept current from
 * `user.*` events), one `find` per request: a coach's name never costs a
 * call to users.
 */
export function personById(directory: PeopleDirectory) {
  return defineLoader<string, Person | null, ServiceContext>({
    name: 'personById',
    async batch(ids) {
      return byKeys(ids, await directory.findMany(ids), (person) => person.id);
    },
  });
}
