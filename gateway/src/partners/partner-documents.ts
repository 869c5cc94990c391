import { ErrorCode, type Logger, httpStatusOf } from '@weace/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import { type ManifestDocument, normalizeDocumentId } from './manifest';
import type { PartnerStore } from './partner-store';

export const API_KEY_HEADER = 'x-api-key';

export interface PartnerDocumentsOptions {
  /** Unset: partner keys are not accepted (no MONGODB_URI); a request with one is refused. */
  readonly store?: PartnerStore;
  readonly logger: Logger;
  /** Told of each manifest document a partner runs (the metrics label its operation by name). */
  readonly onDocument?: (document: ManifestDocument) => void;
}

function fail(res: Response, code: ErrorCode, message: string): void {
  res.status(httpStatusOf[code]).json({ errors: [{ message, extensions: { code } }] });
}

/** The GraphQL request's parameters: the JSON body of a POST, the query string of a GET. */
function paramsOf(req: Request): { params: Record<string, unknown>; get: boolean } | undefined {
  if (req.method === 'GET') {
    const search = new URL(req.url, 'http://gateway').searchParams;
    const params: Record<string, unknown> = Object.fromEntries(search);
    if (typeof params.extensions === 'string') {
      try {
        params.extensions = JSON.parse(params.extensions) as unknown;
      } catch {
        params.extensions = undefined;
      }
    }
    return { params, get: true };
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return { params: body as Record<string, unknown>, get: false };
}

function documentIdOf(params: Record<string, unknown>): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  const hash = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Express middleware for partner applications, before Apollo Server: a
 * request with `x-api-key` runs only a document of that partner's manifest,
 * named by `documentId` or `extensions.persistedQuery.sha256Hash`, with or
 * without the `sha256:` prefix. Text → 400 PERSISTED_QUERY_ID_REQUIRED; an
 * id not in the manifest → 404 PERSISTED_QUERY_NOT_IN_LIST (never
 * PERSISTED_QUERY_NOT_FOUND, which would ask an APQ client to send text); an
 * unknown or revoked key → 401. The document's text replaces the id, so
 * Apollo's automatic persisted queries never see a partner; Apollo answers a
 * mutation over GET with 405. The partner goes to `res.locals.partner`.
 */
export function partnerDocuments(options: PartnerDocumentsOptions): RequestHandler {
  return async (req, res, next) => {
    const apiKey = req.get(API_KEY_HEADER);
    if (apiKey === undefined) return next();
    try {
      const partner = apiKey && (await options.store?.resolve(apiKey));
      if (!partner) return fail(res, ErrorCode.Unauthenticated, 'Invalid API key');
      const request = paramsOf(req);
      if (!request) {
        return fail(res, ErrorCode.PersistedQueryIdRequired, 'Send one operation by its id');
      }
      const { params, get } = request;
      const id = documentIdOf(params);
      if (params.query !== undefined || id === undefined) {
        return fail(
          res,
          ErrorCode.PersistedQueryIdRequired,
          'Partners run persisted documents only: send documentId, not query text',
        );
      }
      const document = partner.documents.get(normalizeDocumentId(id));
      if (!document) {
        return fail(
          res,
          ErrorCode.PersistedQueryNotInList,
          "This document id is not in the partner's manifest",
        );
      }
      // The id is spent: Apollo gets the text, and no persisted-query extension to act on.
      const rest = { ...params };
      delete rest.documentId;
      const otherExtensions = { ...(params.extensions as Record<string, unknown> | undefined) };
      delete otherExtensions.persistedQuery;
      delete rest.extensions;
      const resolved = {
        ...rest,
        query: document.body,
        ...(Object.keys(otherExtensions).length && { extensions: otherExtensions }),
      };
      if (get) {
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(resolved)) {
          if (value !== undefined) {
            search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
          }
        }
        req.url = `${req.path}?${search}`;
      } else {
        req.body = resolved;
      }
      options.onDocument?.(document);
      res.locals.partner = partner.app;
      next();
    } catch (error) {
      options.logger.error({ err: error }, 'partner lookup failed');
      fail(res, ErrorCode.InternalServerError, 'Internal server error');
    }
  };
}
