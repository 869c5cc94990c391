import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  typeFromAST,
  valueFromASTUntyped,
} from 'graphql';

export interface CostOptions {
  /** Items a list field is assumed to return when no slicing argument says. Default 10. */
  readonly defaultListSize?: number;
  /** Arguments whose value is the size of the list a field returns. Default `first`, `last`, `limit`. */
  readonly slicingArguments?: readonly string[];
}

const DEFAULT_LIST_SIZE = 10;
const SLICING_ARGUMENTS = ['first', 'last', 'limit'];

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly defaultListSize: number;
  readonly slicing: ReadonlySet<string>;
}

/**
 * The estimated cost of an operation, demand-control style (as Apollo Router
 * and Hive estimate it): every object a query returns costs 1, scalars are
 * free, and a list multiplies the cost of its items by its size: the value of
 * its slicing argument (`first`, `limit`, from the variables when given as
 * one) or else the default list size. Introspection is free. A connection's slicing argument sizes
 * the list right under it (`edges`, `nodes`), which is not counted twice.
 * The operation must have passed validation.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
  options: CostOptions = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // A variable the request leaves out takes its default, as execution would.
  const withDefaults: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (withDefaults[name] === undefined && definition.defaultValue) {
      withDefaults[name] = valueFromASTUntyped(definition.defaultValue);
    }
  }
  const walk: Walk = {
    schema,
    fragments,
    variables: withDefaults,
    defaultListSize: options.defaultListSize ?? DEFAULT_LIST_SIZE,
    slicing: new Set(options.slicingArguments ?? SLICING_ARGUMENTS),
  };
  return selectionCost(walk, operation.selectionSet, root, undefined);
}

/** `sizeFromParent`: the slicing argument of the connection field this selection belongs to. */
function selectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  sizeFromParent: number | undefined,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value) ?? parent;
      cost += selectionCost(walk, fragment.selectionSet, type, sizeFromParent);
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? (typeFromAST(walk.schema, selection.typeCondition) ?? parent)
        : parent;
      cost += selectionCost(walk, selection.selectionSet, type, sizeFromParent);
      continue;
    }
    // Leaves are free; introspection is served by the gateway itself, from memory.
    if (!selection.selectionSet || selection.name.value.startsWith('__')) continue;
    const field =
      isObjectType(parent) || isInterfaceType(parent)
        ? parent.getFields()[selection.name.value]
        : undefined;
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    const sliced = sliceOf(walk, selection.arguments ?? []);
    const isList = isListType(getNullableType(field.type));
    const count = isList ? (sliced ?? sizeFromParent ?? walk.defaultListSize) : 1;
    // A connection's size applies to its list, one level down; a list consumes its own.
    const passedDown = isList ? undefined : sliced;
    cost += count * (1 + selectionCost(walk, selection.selectionSet, type, passedDown));
  }
  return cost;
}

function sliceOf(
  walk: Walk,
  args: readonly { name: { value: string }; value: ValueNode }[],
): number | undefined {
  for (const arg of args) {
    if (!walk.slicing.has(arg.name.value)) continue;
    const value = valueFromASTUntyped(arg.value, walk.variables);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}
