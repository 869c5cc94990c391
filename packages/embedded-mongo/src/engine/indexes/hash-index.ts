import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter, type CompiledFilter } from '../query/filter';
import { canonicalKey } from '../values/canonical-key';
import { pathValues } from '../values/paths';
import type { IndexDefinition } from './index-spec';

/** Beyond this many value combinations (`$in` on several fields), a compound lookup uses its first field. */
const MAX_KEY_COMBINATIONS = 256;

/** One index entry of a document: its hash key and the field values it was built from. */
export interface IndexKey {
  readonly key: string;
  /** `{ field: value }` per indexed field, as duplicate-key errors report it (`keyValue`). */
  readonly values: Document;
  /** Hash of the first field's value alone (compound indexes answer equality on their prefix). */
  readonly firstKey: string;
}

/**
 * A hash index over the canonical encoding of a document's key values:
 * constant-time candidates for equality on its first field and the
 * uniqueness check. Arrays make it multikey (one entry per element).
 */
export class HashIndex {
  readonly definition: IndexDefinition;
  private readonly partial: CompiledFilter | undefined;
  /** Full key → ids of the documents having it. */
  private readonly entries: Postings = new Map();
  /** First field's key → ids (only for compound indexes; single-field use `entries`). */
  private readonly byFirst: Postings | undefined;

  constructor(definition: IndexDefinition) {
    this.definition = definition;
    this.partial = definition.partialFilterExpression
      ? compileFilter(definition.partialFilterExpression)
      : undefined;
    this.byFirst = definition.fields.length > 1 ? new Map() : undefined;
  }

  /**
   * Whether every document whose first indexed field equals one of `values`
   * is in the index: not for a partial index (it leaves out documents failing
   * its filter), nor for a sparse one when looking for null (missing fields).
   */
  covers(values: readonly unknown[]): boolean {
    if (this.partial) return false;
    return !this.definition.sparse || !values.some((value) => value === null);
  }

  /**
   * The entries `doc` has in this index; empty when the index leaves it out
   * (sparse and all fields missing, or not matching the partial filter).
   */
  keysOf(doc: Document): IndexKey[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const { fields } = this.definition;
    const perField = fields.map((field) => pathValues(doc, field));
    if (this.definition.sparse && perField.every((values) => values.length === 0)) return [];
    const arrays = fields.filter((_, i) => perField[i].length > 1);
    if (arrays.length > 1) {
      throw new CommandError(
        ErrorCode.CannotIndexParallelArrays,
        `cannot index parallel arrays [${arrays[1]}] [${arrays[0]}]`,
      );
    }
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const choices = values.length === 0 ? [null] : values;
      combos = combos.flatMap((combo) => choices.map((value) => [...combo, value]));
    }
    const seen = new Set<string>();
    const keys: IndexKey[] = [];
    for (const combo of combos) {
      const parts = combo.map(canonicalKey);
      const key = parts.length === 1 ? parts[0] : JSON.stringify(parts);
      if (seen.has(key)) continue;
      seen.add(key);
      const values: Document = {};
      fields.forEach((field, i) => (values[field] = combo[i]));
      keys.push({ key, values, firstKey: parts[0] });
    }
    return keys;
  }

  /** The first of `keys` already held by a document other than `selfId`, if unique. */
  duplicateOf(keys: readonly IndexKey[], selfId?: string): IndexKey | undefined {
    if (!this.definition.unique) return undefined;
    return keys.find((k) => {
      const holders = this.entries.get(k.key);
      if (holders === undefined) return false;
      if (typeof holders === 'string') return holders !== selfId;
      return holders.size > 1 || selfId === undefined || !holders.has(selfId);
    });
  }

  add(id: string, keys: readonly IndexKey[]): void {
    this.update(id, [], keys);
  }

  remove(id: string, keys: readonly IndexKey[]): void {
    this.update(id, keys, []);
  }

  /**
   * Moves a document from its `before` entries to its `after` entries,
   * touching only the keys that differ (unchanged entries keep their place).
   */
  update(id: string, before: readonly IndexKey[], after: readonly IndexKey[]): void {
    move(
      this.entries,
      id,
      before.map((k) => k.key),
      after.map((k) => k.key),
    );
    if (this.byFirst) {
      move(
        this.byFirst,
        id,
        before.map((k) => k.firstKey),
        after.map((k) => k.firstKey),
      );
    }
  }

  /**
   * Ids of the documents whose indexed fields equal the given values: one
   * list of accepted values per leading field. With every field pinned the
   * full keys are looked up, otherwise the first field's.
   */
  lookup(valuesPerField: readonly (readonly unknown[])[]): Set<string> {
    const { fields } = this.definition;
    const combinations = valuesPerField.reduce((product, values) => product * values.length, 1);
    const full = valuesPerField.length === fields.length && combinations <= MAX_KEY_COMBINATIONS;
    const map = full || !this.byFirst ? this.entries : this.byFirst;
    let keys: string[][] = [[]];
    for (const values of full ? valuesPerField : valuesPerField.slice(0, 1)) {
      const parts = values.map(canonicalKey);
      keys = keys.flatMap((key) => parts.map((part) => [...key, part]));
    }
    const ids = new Set<string>();
    for (const key of keys) {
      const holders = map.get(key.length === 1 ? key[0] : JSON.stringify(key));
      if (typeof holders === 'string') ids.add(holders);
      else for (const id of holders ?? []) ids.add(id);
    }
    return ids;
  }
}

/**
 * Key → the ids holding it. Most keys have one holder (always, in a unique
 * index), kept as a bare string: a Set per key would multiply the memory of
 * a large collection's indexes.
 */
type Postings = Map<string, string | Set<string>>;

function addTo(map: Postings, key: string, id: string): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, id);
  else if (typeof ids === 'string') map.set(key, new Set([ids, id]));
  else ids.add(id);
}

function removeFrom(map: Postings, key: string, id: string): void {
  const ids = map.get(key);
  if (ids === id) map.delete(key);
  else if (typeof ids === 'object' && ids.delete(id) && ids.size === 1) {
    map.set(key, ids.values().next().value as string);
  }
}

/** Keys may repeat (a compound multikey entry repeats its first field): each counts once. */
function move(
  map: Postings,
  id: string,
  before: readonly string[],
  after: readonly string[],
): void {
  const previous = new Set(before);
  const next = new Set(after);
  for (const key of previous) if (!next.has(key)) removeFrom(map, key, id);
  for (const key of next) if (!previous.has(key)) addTo(map, key, id);
}
