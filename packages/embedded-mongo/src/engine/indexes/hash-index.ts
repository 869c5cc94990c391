import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter, type CompiledFilter } from '../query/filter';
import { canonicalKey } from '../values/canonical-key';
import { pathValues } from '../values/paths';
import type { IndexDefinition } from './index-spec';

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
  private readonly entries = new Map<string, Set<string>>();
  /** First field's key → ids (only for compound indexes; single-field use `entries`). */
  private readonly byFirst: Map<string, Set<string>> | undefined;

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
      if (!holders) return false;
      return holders.size > 1 || selfId === undefined || !holders.has(selfId);
    });
  }

  add(id: string, keys: readonly IndexKey[]): void {
    for (const k of keys) {
      addTo(this.entries, k.key, id);
      if (this.byFirst) addTo(this.byFirst, k.firstKey, id);
    }
  }

  remove(id: string, keys: readonly IndexKey[]): void {
    for (const k of keys) {
      removeFrom(this.entries, k.key, id);
      if (this.byFirst) removeFrom(this.byFirst, k.firstKey, id);
    }
  }

  /** Ids of the documents whose first indexed field equals one of `values`. */
  lookupFirst(values: readonly unknown[]): Set<string> {
    const map = this.byFirst ?? this.entries;
    const ids = new Set<string>();
    for (const value of values) {
      for (const id of map.get(canonicalKey(value)) ?? []) ids.add(id);
    }
    return ids;
  }

  clear(): void {
    this.entries.clear();
    this.byFirst?.clear();
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (ids) ids.add(id);
  else map.set(key, new Set([id]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}
