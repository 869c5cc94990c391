/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Me {\n  me {\n    id\n    name\n    email\n    avatarUrl\n    jobTitle\n    department\n    timeZone\n    roles\n    followersCount\n    followingCount\n    preferences {\n      language\n      timeZone\n      theme\n      profileVisibility\n    }\n  }\n}\n\nquery People($first: Int!, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        jobTitle\n        department\n        avatarUrl\n      }\n    }\n  }\n}\n\nquery SearchPeople($query: String!, $first: Int!, $after: String) {\n  searchUsers(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        email\n        department\n      }\n    }\n  }\n}\n\nmutation UpdateMyProfile($input: UpdateMyProfileInput!) {\n  updateMyProfile(input: $input) {\n    id\n    name\n    bio\n    jobTitle\n    department\n    locale\n    timeZone\n    updatedAt\n  }\n}\n\nmutation Follow($userId: ID!) {\n  follow(userId: $userId) {\n    id\n    followersCount\n  }\n}\n\nmutation Unfollow($userId: ID!) {\n  unfollow(userId: $userId) {\n    id\n    followersCount\n  }\n}": typeof types.MeDocument,
};
const documents: Documents = {
    "query Me {\n  me {\n    id\n    name\n    email\n    avatarUrl\n    jobTitle\n    department\n    timeZone\n    roles\n    followersCount\n    followingCount\n    preferences {\n      language\n      timeZone\n      theme\n      profileVisibility\n    }\n  }\n}\n\nquery People($first: Int!, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        jobTitle\n        department\n        avatarUrl\n      }\n    }\n  }\n}\n\nquery SearchPeople($query: String!, $first: Int!, $after: String) {\n  searchUsers(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        email\n        department\n      }\n    }\n  }\n}\n\nmutation UpdateMyProfile($input: UpdateMyProfileInput!) {\n  updateMyProfile(input: $input) {\n    id\n    name\n    bio\n    jobTitle\n    department\n    locale\n    timeZone\n    updatedAt\n  }\n}\n\nmutation Follow($userId: ID!) {\n  follow(userId: $userId) {\n    id\n    followersCount\n  }\n}\n\nmutation Unfollow($userId: ID!) {\n  unfollow(userId: $userId) {\n    id\n    followersCount\n  }\n}": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    name\n    email\n    avatarUrl\n    jobTitle\n    department\n    timeZone\n    roles\n    followersCount\n    followingCount\n    preferences {\n      language\n      timeZone\n      theme\n      profileVisibility\n    }\n  }\n}\n\nquery People($first: Int!, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        jobTitle\n        department\n        avatarUrl\n      }\n    }\n  }\n}\n\nquery SearchPeople($query: String!, $first: Int!, $after: String) {\n  searchUsers(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        email\n        department\n      }\n    }\n  }\n}\n\nmutation UpdateMyProfile($input: UpdateMyProfileInput!) {\n  updateMyProfile(input: $input) {\n    id\n    name\n    bio\n    jobTitle\n    department\n    locale\n    timeZone\n    updatedAt\n  }\n}\n\nmutation Follow($userId: ID!) {\n  follow(userId: $userId) {\n    id\n    followersCount\n  }\n}\n\nmutation Unfollow($userId: ID!) {\n  unfollow(userId: $userId) {\n    id\n    followersCount\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    name\n    email\n    avatarUrl\n    jobTitle\n    department\n    timeZone\n    roles\n    followersCount\n    followingCount\n    preferences {\n      language\n      timeZone\n      theme\n      profileVisibility\n    }\n  }\n}\n\nquery People($first: Int!, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        jobTitle\n        department\n        avatarUrl\n      }\n    }\n  }\n}\n\nquery SearchPeople($query: String!, $first: Int!, $after: String) {\n  searchUsers(query: $query, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        email\n        department\n      }\n    }\n  }\n}\n\nmutation UpdateMyProfile($input: UpdateMyProfileInput!) {\n  updateMyProfile(input: $input) {\n    id\n    name\n    bio\n    jobTitle\n    department\n    locale\n    timeZone\n    updatedAt\n  }\n}\n\nmutation Follow($userId: ID!) {\n  follow(userId: $userId) {\n    id\n    followersCount\n  }\n}\n\nmutation Unfollow($userId: ID!) {\n  unfollow(userId: $userId) {\n    id\n    followersCount\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;