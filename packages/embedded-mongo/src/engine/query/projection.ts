import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import { mingoCondition, mingoOptions } from './mingo-context';

/** Turns a stored document into what a reply carries: a private copy, projected. */
export type DocumentOutput = (doc: Document) => Document;

/** mongod keeps the document's field order (`_id` first); mingo follows the projection's. */
function inDocumentOrder(projected: Document, original: Document): Document {
  const ordered: Document = {};
  for (const key of Object.keys(original)) if (key in projected) ordered[key] = projected[key];
  for (const key of Object.keys(projected)) if (!(key in ordered)) ordered[key] = projected[key];
  return ordered;
}

/**
 * The output step of find-like commands: copy the stored document (so replies
 * never alias storage) and apply the projection with mingo. mingo projects
 * only documents its query matches; the positional projection (`"items.$": 1`)
 * needs the command's filter, any other projection gets an empty one so that
 * it also applies to a document that no longer matches (findAndModify's
 * post-image).
 */
export function compileProjection(
  projection: unknown,
  filter: Document,
  variables?: Document,
): DocumentOutput {
  if (projection === undefined || projection === null) return cloneValue;
  if (!isPlainObject(projection)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'projection must be an object');
  }
  if (Object.keys(projection).length === 0) return cloneValue;
  const positional = Object.keys(projection).some((path) => path.endsWith('.$'));
  const query = new Query(positional ? mingoCondition(filter) : {}, mingoOptions({ variables }));
  return (doc) => {
    const copy = cloneValue(doc);
    const projected = query.find([copy], projection).next() as Document | undefined;
    return projected ? inDocumentOrder(projected, doc) : copy;
  };
}
