// The plain-TypeScript half of the shared order timeline (OrderTimeline.vue, exported as
// `@dnp/web-kit/order-timeline`): the shape it reads and the colour family of each event type.
// Kept out of the .vue file so the package's main entry stays plain TS and the rule is unit-tested.

/**
 * What the timeline reads of one order event. Structural: each app passes the rows its own
 * generated GraphQL types describe (`type` and `toStatus` narrowed to its enums).
 */
export interface TimelineEvent {
  /** Stable key of the row. */
  readonly id: string;
  /** The event type (PLACED, APPROVED, …); the app turns it into words with its `label`. */
  readonly type: string;
  /** Who did it, as the API names them. */
  readonly actorName: string;
  /** When, an ISO 8601 instant. */
  readonly at: string;
  /** The free text written with the event, if any. */
  readonly comment?: string | null;
  /** The order status the event moved to, if it moved one (the apps may show it in the `status` slot). */
  readonly toStatus?: string | null;
}

/** The colour family of an event's dot; each maps to a CSS custom property (`--timeline-dot-<tone>`). */
export type TimelineTone = 'default' | 'danger' | 'warning' | 'success';

// An order that ends (refused, cancelled, stock handed back) reads as danger, one that waits for
// a person as warning, an approval as success; every other step is the plain dot.
const TONES: ReadonlyMap<string, TimelineTone> = new Map<string, TimelineTone>([
  ['REJECTED', 'danger'],
  ['CANCELLED', 'danger'],
  ['RELEASED', 'danger'],
  ['REVIEW_REQUESTED', 'warning'],
  ['APPROVED', 'success'],
]);

/** The colour family of an event type's dot; unknown types get the plain dot. */
export function timelineTone(type: string): TimelineTone {
  return TONES.get(type) ?? 'default';
}
