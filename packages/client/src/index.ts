export * from './generated/graphql';
import persistedDocuments from './generated/persisted-documents.json';

/** The apps' operations by persisted-document id (`sha256:<hash>` → text), as codegen wrote them. */
export { persistedDocuments };
