import {
  type Connection,
  ForwardPageArgs,
  type ServiceContext,
  decodeCursor,
  defineLoader,
  toConnection,
} from '@weace/service-kit';
import type { Types } from 'mongoose';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { isAdmin, optionalActorOf } from '../actor';
import { EventRegistrationConnection } from '../registration/registration.resolver';
import { type RegistrationDocument, RegistrationModel } from '../registration/registration.model';
import { User } from './user.model';

interface PageKey {
  readonly userId: string;
  readonly first: number;
  readonly after: Types.ObjectId | null;
}

/**
 * The first `first + 1` registrations of every requested person, with their
 * counts, in one aggregation per page shape: a list of 50 people costs one query.
 */
const registrationPages = defineLoader<
  PageKey,
  { rows: RegistrationDocument[]; total: number },
  ServiceContext
>({
  name: 'registrationPages',
  cacheKey: ({ userId, first, after }) => `${userId}:${first}:${after?.toHexString() ?? ''}`,
  async batch(keys) {
    const shapes = new Map<string, PageKey[]>();
    for (const key of keys) {
      const shape = `${key.first}:${key.after?.toHexString() ?? ''}`;
      shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
    }
    const pages = new Map<PageKey, { rows: RegistrationDocument[]; total: number }>();
    await Promise.all(
      [...shapes.values()].map(async (group) => {
        const { first, after } = group[0]!;
        const userIds = group.map((key) => key.userId);
        const [found, counts] = await Promise.all([
          RegistrationModel.aggregate<{ _id: string; items: Record<string, unknown>[] }>([
            { $match: { userId: { $in: userIds }, ...(after && { _id: { $gt: after } }) } },
            { $sort: { userId: 1, _id: 1 } },
            { $group: { _id: '$userId', items: { $firstN: { input: '$$ROOT', n: first + 1 } } } },
          ]).exec(),
          RegistrationModel.aggregate<{ _id: string; total: number }>([
            { $match: { userId: { $in: userIds } } },
            { $group: { _id: '$userId', total: { $sum: 1 } } },
          ]).exec(),
        ]);
        for (const key of group) {
          const items = found.find((row) => row._id === key.userId)?.items ?? [];
          pages.set(key, {
            rows: items.map((item) => RegistrationModel.hydrate(item)),
            total: counts.find((row) => row._id === key.userId)?.total ?? 0,
          });
        }
      }),
    );
    return keys.map((key) => pages.get(key) ?? { rows: [], total: 0 });
  },
});

@Resolver(() => User)
export class UserEventsResolver {
  @FieldResolver(() => EventRegistrationConnection, {
    nullable: true,
    description: "The person's event registrations: for them and ADMIN; null for anyone else",
  })
  async eventRegistrations(
    @Root() user: User,
    @Args() { first, after }: ForwardPageArgs,
    @Ctx() context: ServiceContext,
  ): Promise<Connection<RegistrationDocument> | null> {
    const actor = optionalActorOf(context);
    if (!actor || (actor.userId !== user.id && !isAdmin(actor))) return null;
    const page = await context.loaders
      .get(registrationPages)
      .load({ userId: user.id, first, after: after ? decodeCursor(after) : null });
    return toConnection(page.rows, first, page.total);
  }
}
