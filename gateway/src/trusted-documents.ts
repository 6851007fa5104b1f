import { GraphQLError } from 'graphql';
import { readFileSync } from 'node:fs';

/**
 * `off`: hashes are not resolved; `allow`: registered hashes resolve and any document runs; `enforce`:
 * first-party callers may only run registered operations.
 */
export type TrustedDocumentsMode = 'off' | 'allow' | 'enforce';

export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';
export const UNTRUSTED_OPERATION = 'UNTRUSTED_OPERATION';

/** The parts of a GraphQL request this module reads and rewrites. */
export interface GraphQLParams {
  query?: unknown;
  extensions?: unknown;
}

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * The operations the first-party apps may send: the manifests codegen writes at build time
 * (`persisted-documents.json`, "sha256:<hex>" → document). Apps send the hash as Apollo's
 * `extensions.persistedQuery.sha256Hash`, with or without the document.
 */
export class TrustedDocuments {
  private constructor(
    readonly mode: TrustedDocumentsMode,
    private readonly documents: ReadonlyMap<string, string>,
  ) {}

  /** Loads the manifests (none when `off`); a missing or malformed manifest stops the gateway. */
  static load(mode: TrustedDocumentsMode, paths: readonly string[]): TrustedDocuments {
    const documents = new Map<string, string>();
    if (mode !== 'off') {
      for (const path of paths) {
        let manifest: unknown;
        try {
          manifest = JSON.parse(readFileSync(path, 'utf8'));
        } catch (err) {
          throw new Error(`TRUSTED_DOCUMENTS=${mode}: cannot read the manifest ${path}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        if (!manifest || typeof manifest !== 'object')
          throw new Error(`TRUSTED_DOCUMENTS=${mode}: ${path} is not a hash → document object`);
        for (const [hash, doc] of Object.entries(manifest)) {
          if (typeof doc === 'string') documents.set(hash.replace(/^sha256:/, '').toLowerCase(), doc);
        }
      }
    }
    return new TrustedDocuments(mode, documents);
  }

  /** How many operations are registered. */
  get size(): number {
    return this.documents.size;
  }

  /** The registered documents' texts. */
  texts(): IterableIterator<string> {
    return this.documents.values();
  }

  /**
   * Resolves a request's persisted-operation hash into its registered document (in place) and
   * removes the hash, so Apollo sees a plain request. Returns the refusal, or null. `firstParty`
   * is false for partner (API key) requests, which may send any document in every mode.
   */
  apply(params: GraphQLParams, firstParty: boolean): GraphQLError | null {
    const ext =
      params.extensions && typeof params.extensions === 'object'
        ? (params.extensions as Record<string, unknown>)
        : undefined;
    const persisted = ext?.persistedQuery as { sha256Hash?: unknown } | undefined;
    const rawHash = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
    const enforced = this.mode === 'enforce' && firstParty;
    if (ext && 'persistedQuery' in ext) {
      const { persistedQuery: _resolved, ...rest } = ext;
      params.extensions = rest;
    }
    if (rawHash === undefined) {
      if (persisted !== undefined)
        return refusal('extensions.persistedQuery.sha256Hash must be a string', PERSISTED_QUERY_NOT_FOUND);
      return enforced
        ? refusal(
            'This gateway only runs the operations registered for its apps; send a registered operation hash',
            UNTRUSTED_OPERATION,
          )
        : null;
    }
    const document = this.documents.get(rawHash.replace(/^sha256:/, '').toLowerCase());
    if (document !== undefined) {
      // The registered text runs, whatever text came with the hash.
      params.query = document;
      return null;
    }
    if (!enforced && typeof params.query === 'string') return null;
    return refusal(`No registered operation has the hash ${rawHash.slice(0, 80)}`, PERSISTED_QUERY_NOT_FOUND);
  }
}
