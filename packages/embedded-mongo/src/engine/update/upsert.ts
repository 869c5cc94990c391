import type { Document } from 'bson';
import { withIdFirst } from '../catalog/document-rules';
import { isPlainObject } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import { applyUpdate, type UpdateContext } from './apply-update';
import type { UpdateSpec } from './update-spec';

/** The value an equality condition pins (`v`, `{ $eq: v }`, `{ $in: [v] }`), if any. */
function pinnedValue(condition: unknown): { value: unknown } | undefined {
  if (condition instanceof RegExp) return undefined;
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    if (keys.length > 0 && keys.every((key) => key.startsWith('$'))) {
      if (keys.length !== 1) return undefined;
      if (keys[0] === '$eq') return { value: condition.$eq };
      const list = condition.$in;
      if (
        keys[0] === '$in' &&
        Array.isArray(list) &&
        list.length === 1 &&
        !(list[0] instanceof RegExp)
      ) {
        return { value: list[0] };
      }
      return undefined;
    }
  }
  return { value: condition };
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1]] = cloneValue(value);
}

function seedFrom(filter: Document, seed: Document): void {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) seedFrom(clause, seed);
    } else if (!key.startsWith('$')) {
      const pinned = pinnedValue(condition);
      if (pinned) setPath(seed, key, pinned.value);
    }
  }
}

/**
 * The document an upsert inserts when nothing matched: the query's equality
 * fields (for a replacement, only its `_id`), then the update applied with
 * `$setOnInsert`; `_id` generated when neither set it, and placed first.
 */
export function buildUpsertDocument(
  filter: Document,
  spec: UpdateSpec,
  context: Omit<UpdateContext, 'insert' | 'filter'>,
): Document {
  const seed: Document = {};
  seedFrom(filter, seed);
  const base =
    spec.kind === 'replacement' ? (seed._id === undefined ? {} : { _id: seed._id }) : seed;
  const { doc } = applyUpdate(base, spec, { ...context, filter, insert: true });
  return withIdFirst(doc);
}
