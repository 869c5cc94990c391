import type { DeadLetterRecord, EventBus } from '@weace/events';
import { Max, Min } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { parseObjectId } from '../data/object-id';
import { ConflictError, NotFoundError } from '../errors/errors';
import { MAX_PAGE_SIZE } from '../graphql/connection';
import { Role } from '../identity/identity';

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The admin's view of a service's dead letters: `<service>DeadLetters` and
 * `replay<Service>DeadLetter(id)`, ADMIN only. Root fields and type names
 * carry the service's name, as they must be unique across the supergraph.
 */
export function deadLetterResolver(service: string): DeadLetterResolverClass {
  let made = madeFor.get(service);
  if (!made) madeFor.set(service, (made = makeDeadLetterResolver(service)));
  return made;
}

interface DeadLetterResolverClass {
  readonly resolver: new (bus?: EventBus) => object;
  create(bus: EventBus): object;
}

/** type-graphql registers types globally by name: one set of classes per service and process. */
const madeFor = new Map<string, DeadLetterResolverClass>();

function makeDeadLetterResolver(service: string): DeadLetterResolverClass {
  const prefix = pascal(service);

  @ObjectType(`${prefix}DeadLetter`, {
    description: `A domain event the ${service} service gave up handling after its last attempt`,
  })
  class DeadLetter {
    @Field(() => ID)
    id!: string;

    @Field({ description: 'The consumer that failed' })
    consumer!: string;

    @Field(() => String, { nullable: true })
    eventId!: string | null;

    @Field(() => String, { nullable: true })
    type!: string | null;

    @Field({ description: 'The event as it arrived, as JSON' })
    event!: string;

    @Field({ description: "The last attempt's error" })
    error!: string;

    @Field(() => Int)
    attempts!: number;

    @Field()
    deadAt!: Date;

    @Field(() => Date, { nullable: true })
    replayedAt!: Date | null;
  }

  @ObjectType(`${prefix}DeadLetterPage`)
  class DeadLetterPage {
    @Field(() => [DeadLetter], { description: 'Newest first' })
    items!: DeadLetter[];

    @Field({ description: 'Pass the last id as `before` for the next page' })
    hasMore!: boolean;
  }

  @ArgsType()
  class DeadLetterArgs {
    @Field(() => Int, { defaultValue: 20 })
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    first: number = 20;

    @Field(() => ID, {
      nullable: true,
      description: 'The id of the last item of the previous page',
    })
    before?: string | null;
  }

  const view = (record: DeadLetterRecord): DeadLetter => ({
    id: record._id.toHexString(),
    consumer: record.consumer,
    eventId: record.eventId,
    type: record.type,
    event: JSON.stringify(record.data),
    error: record.error,
    attempts: record.attempts,
    deadAt: record.deadAt,
    replayedAt: record.replayedAt,
  });

  const checkedId = (id: string | null | undefined, field: string): string | undefined => {
    if (id === null || id === undefined) return undefined;
    parseObjectId(id, field, 'dead letter id');
    return id;
  };

  @Resolver()
  class DeadLetterResolver {
    constructor(private readonly bus?: EventBus) {}

    private get events(): EventBus {
      if (!this.bus) throw new Error(`the ${service} service runs without its event bus`);
      return this.bus;
    }

    @Authorized(Role.Admin)
    @Query(() => DeadLetterPage, {
      name: `${service}DeadLetters`,
      description: `Events the ${service} service could not handle, waiting to be replayed (ADMIN)`,
    })
    async deadLetters(@Args() { first, before }: DeadLetterArgs): Promise<DeadLetterPage> {
      const page = await this.events.deadLetters.list(first, checkedId(before, 'before'));
      return { items: page.items.map(view), hasMore: page.hasMore };
    }

    @Authorized(Role.Admin)
    @Mutation(() => DeadLetter, {
      name: `replay${prefix}DeadLetter`,
      description: `Runs a dead letter through its ${service} consumer again, once the cause is fixed (ADMIN)`,
    })
    async replay(@Arg('id', () => ID) id: string): Promise<DeadLetter> {
      const letterId = checkedId(id, 'id')!;
      let replayed: DeadLetterRecord | null;
      try {
        replayed = await this.events.deadLetters.replay(letterId);
      } catch (error) {
        throw new ConflictError(
          `The consumer failed again: ${(error as Error).message}`,
          undefined,
          'REPLAY_FAILED',
        );
      }
      if (!replayed) throw new NotFoundError('Dead letter', id);
      return view(replayed);
    }
  }

  return { resolver: DeadLetterResolver, create: (bus) => new DeadLetterResolver(bus) };
}
