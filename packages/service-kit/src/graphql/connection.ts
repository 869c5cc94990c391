import 'reflect-metadata';
import { Max, Min } from 'class-validator';
import type { Model } from 'mongoose';
import { Types, isValidObjectId } from 'mongoose';
import { ArgsType, type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from '../errors/errors';

/** Page sizes are bounded so no client can ask for the whole collection. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
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

/** The opaque cursor of an item listed in `_id` order. */
export function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'hex').toString('base64url');
}

/** The `_id` an `after` cursor points at; BAD_USER_INPUT on `after` when it is not one of ours. */
export function decodeCursor(cursor: string): Types.ObjectId {
  const hex = Buffer.from(cursor, 'base64url').toString('hex');
  if (!isValidObjectId(hex) || hex.length !== 24) {
    throw new BadUserInputError('after is not a cursor this list returned', 'after');
  }
  return new Types.ObjectId(hex);
}

/**
 * A page from up to `first + 1` items read in `_id` order: the extra item
 * only tells that a next page exists. For lists that `paginate` cannot read
 * in one `find`, such as pages batched over several parents.
 */
export function toConnection<T extends { _id: Types.ObjectId }>(
  items: readonly T[],
  first: number,
  totalCount: number,
): Connection<T> {
  const edges = items.slice(0, first).map((node) => ({ node, cursor: encodeCursor(node._id) }));
  return {
    edges,
    pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/**
 * One page of `model` matching `filter`, in `_id` order (creation order), with
 * cursors that stay valid while documents are added or removed around them.
 */
export async function paginate<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  { first, after }: PageArgs,
): Promise<Connection<T>> {
  const pageFilter = after ? { $and: [filter, { _id: { $gt: decodeCursor(after) } }] } : filter;
  const [items, totalCount] = await Promise.all([
    model
      .find(pageFilter)
      .sort({ _id: 1 })
      .limit(first + 1)
      .exec(),
    model.countDocuments(filter).exec(),
  ]);
  return toConnection(items as unknown as T[], first, totalCount);
}
