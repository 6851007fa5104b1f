import 'reflect-metadata';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { AppError, ErrorCode, UserInputError } from './errors.js';
import { badCharacter } from './input-guard.js';

/** Relay page information, identical in every subgraph. */
@ObjectType({ description: 'Relay cursor pagination state of a connection page.' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow the last edge.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when items precede the first edge.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, null on an empty page.' })
  endCursor!: string | null;
}

/** Bounds on page sizes; larger requests are refused rather than silently truncated. */
export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

/** Validates `first` and returns the page size to fetch. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return PAGE_DEFAULT;
  if (!Number.isInteger(first) || first < 0 || first > PAGE_MAX) {
    throw new UserInputError(`"first" must be an integer between 0 and ${PAGE_MAX}`, 'first');
  }
  return first;
}

/** Opaque cursor: base64url of the JSON keyset position (sort value and id). */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function invalidCursor(): AppError {
  return new AppError(ErrorCode.INVALID_CURSOR, `"after" is not a cursor this list issued`, { field: 'after' });
}

/** A keyset position value a cursor may hold: a plain string (no NUL, no lone surrogate) or a finite number. */
function positionValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.length <= 1000 && badCharacter(value) === null;
}

/**
 * Decodes a cursor made by `encodeCursor`; INVALID_CURSOR when it is not one. A cursor is client
 * input: its values go into SQL conditions, so only strings and finite numbers pass (an object
 * would be read as a query operator, e.g. `{ "$ne": null }`).
 */
export function decodeCursor(cursor: string, arity: number): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(value) && value.length === arity && value.every(positionValue)) return value;
  throw invalidCursor();
}

/** A cursor's date position (an ISO string it was encoded from); INVALID_CURSOR when it is not a valid date. */
export function cursorDate(value: unknown): Date {
  const at = typeof value === 'string' ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) throw invalidCursor();
  return at;
}

/** A page of nodes with the cursor of each, as services return it to resolvers. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds a Page from rows fetched with `limit + 1`: the extra row only tells whether a next
 * page exists.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  hasAfter: boolean,
  totalCount: number,
  cursorOf: (row: T) => unknown[],
): Page<T> {
  const hasNextPage = rows.length > limit;
  const nodes = hasNextPage ? rows.slice(0, limit) : rows;
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = hasNextPage;
  pageInfo.hasPreviousPage = hasAfter;
  pageInfo.startCursor = edges[0]?.cursor ?? null;
  pageInfo.endCursor = edges.at(-1)?.cursor ?? null;
  return { edges, pageInfo, totalCount };
}

// `never[]` accepts a class whatever its constructor takes; the class is only named here, never constructed.
type ClassType<T = unknown> = new (...args: never[]) => T;

/**
 * Creates the `<Name>Connection` and `<Name>Edge` object types for a node type, so every list
 * in the graph has the same Relay shape.
 */
export function connectionType<T>(nodeType: ClassType<T>, name: string, nodeDescription: string) {
  @ObjectType(`${name}Edge`, { description: `An edge to one ${nodeDescription}, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor to pass as `after` to continue after this edge.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${nodeDescription}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${nodeDescription} items.` })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in order.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter across all pages.' })
    totalCount!: number;
  }
  return Connection;
}
