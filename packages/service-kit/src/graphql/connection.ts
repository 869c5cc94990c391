import 'reflect-metadata';
import { IsOptional, Max, Min } from 'class-validator';
import type { Model, Types } from 'mongoose';
import { ArgsType, type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from '../errors/errors';
import {
  type CursorArg,
  type CursorPosition,
  type SortValue,
  decodeCursor,
  decodeSortCursor,
  encodeCursor,
  encodeSortCursor,
} from './cursor';

export { decodeCursor, encodeCursor } from './cursor';

/** Page sizes are bounded so no client can ask for the whole collection. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A page forwards (`first` items `after` a cursor) or backwards (`last`
 * items `before` one); the two pairs do not mix. With none of them, the
 * first ${DEFAULT_PAGE_SIZE} items.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Items from the start or after \`after\`: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Items from the end or before \`before\`: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'The startCursor of the next page' })
  before?: string | null;
}

/**
 * Forward pages only, for lists read in batches over several parents (see
 * {@link toConnection}), where reading backwards would cost a query per parent.
 */
@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `At most ${MAX_PAGE_SIZE}` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

// Every subgraph resolves PageInfo itself; Federation 2 requires such value types to be shareable.
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The GraphQL types of a cursor connection of `Node`:
 * `class UserConnection extends ConnectionType(User) {}` with `@ObjectType()`.
 */
export function ConnectionType<T extends object>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`)
  class EdgeType implements Edge<T> {
    @Field(() => Node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType()
  abstract class ConnectionBase implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, across all pages' })
    totalCount!: number;
  }
  return ConnectionBase;
}

/**
 * A forward page from up to `first + 1` items read in `_id` order: the extra
 * item only tells that a next page exists. For lists that `paginate` cannot
 * read in one `find`, such as pages batched over several parents; whether a
 * previous page exists is not looked up there (false, as Relay allows).
 */
export function toConnection<T extends { _id: Types.ObjectId }>(
  items: readonly T[],
  first: number,
  totalCount: number,
): Connection<T> {
  const edges = items.slice(0, first).map((node) => ({ node, cursor: encodeCursor(node._id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: items.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

export type SortDirection = 'ASC' | 'DESC';

export interface PaginateOptions {
  /**
   * The order of the list: a field set on every document (a date, a score),
   * then `_id` between equal values. Default `_id` ascending (creation order).
   */
  readonly sort?: { readonly field: string; readonly direction?: SortDirection };
}

/**
 * One page of `model` matching `filter`, forwards or backwards, in the order
 * of `options.sort`, with cursors that stay valid while documents are added
 * or removed around them: a cursor holds its item's (value, `_id`), and the
 * next page starts strictly beyond it (a keyset condition, not a skip).
 */
export async function paginate<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  page: PageArgs,
  { sort: { field, direction = 'ASC' } = { field: '_id' } }: PaginateOptions = {},
): Promise<Connection<T>> {
  const { forwards, size, cursorArg, cursor } = readPage(page);
  const byId = field === '_id';
  const position: CursorPosition | undefined =
    cursor === undefined
      ? undefined
      : byId
        ? { value: '', id: decodeCursor(cursor, cursorArg) }
        : decodeSortCursor(field, cursor, cursorArg);
  // The order items are read in: the list's own forwards, reversed backwards.
  const ascending = (direction === 'ASC') === forwards;
  const beyond = (at: CursorPosition, up: boolean, inclusive = false) =>
    keyset(byId ? '_id' : field, at, up, inclusive);
  const [read, totalCount, beforeCursor] = await Promise.all([
    model
      .find(position ? { $and: [filter, beyond(position, ascending)] } : filter)
      .sort(
        byId
          ? { _id: ascending ? 1 : -1 }
          : { [field]: ascending ? 1 : -1, _id: ascending ? 1 : -1 },
      )
      .limit(size + 1)
      .exec(),
    model.countDocuments(filter).exec(),
    // Items on the other side of the cursor (or at it): the page the client came from.
    position ? model.exists({ $and: [filter, beyond(position, !ascending, true)] }).exec() : null,
  ]);
  const items = (read as unknown as T[]).slice(0, size);
  if (!forwards) items.reverse();
  const cursorOf = (node: T) =>
    byId
      ? encodeCursor(node._id)
      : encodeSortCursor(field, { value: sortValue(node, field), id: node._id });
  const edges = items.map((node) => ({ node, cursor: cursorOf(node) }));
  const more = read.length > size;
  const back = beforeCursor !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: forwards ? more : back,
      hasPreviousPage: forwards ? back : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** Which way a page reads, how many items, and from which cursor; BAD_USER_INPUT when both ways are asked. */
function readPage({ first, after, last, before }: PageArgs): {
  forwards: boolean;
  size: number;
  cursorArg: CursorArg;
  cursor?: string;
} {
  const forwards = last == null && before == null;
  if (!forwards && (first != null || after != null)) {
    const backward = last != null ? 'last' : 'before';
    throw new BadUserInputError(
      `${backward} pages backwards and cannot be combined with ${first != null ? 'first' : 'after'}`,
      backward,
    );
  }
  const size = (forwards ? first : last) ?? DEFAULT_PAGE_SIZE;
  const cursor = (forwards ? after : before) ?? undefined;
  return { forwards, size, cursorArg: forwards ? 'after' : 'before', cursor };
}

/**
 * Items strictly beyond `at` in the order (`field`, `_id`), upwards or
 * downwards; with `inclusive`, the item at `at` too.
 */
function keyset(field: string, at: CursorPosition, up: boolean, inclusive: boolean) {
  const op = up ? '$gt' : '$lt';
  const idCondition = { [inclusive ? `${op}e` : op]: at.id };
  if (field === '_id') return { _id: idCondition };
  return { $or: [{ [field]: { [op]: at.value } }, { [field]: at.value, _id: idCondition }] };
}

function sortValue(node: object, field: string): SortValue {
  const document = node as { get?: (path: string) => unknown } & Record<string, unknown>;
  const value = typeof document.get === 'function' ? document.get(field) : document[field];
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  throw new Error(`cannot page by ${field}: an item has ${String(value)} there`);
}
