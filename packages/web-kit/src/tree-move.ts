/** A node of a flattened tree as a move needs it: its parent and every ancestor, root first. */
export interface TreeMoveNode {
  id: string;
  parentId: string | null;
  ancestorIds: readonly string[];
}

/**
 * What dropping `movingId` on a target would do: a move under `parentId` (null: to the top), or
 * why not: CYCLE (the node itself or one of its descendants, the server's CATEGORY_CYCLE),
 * UNCHANGED (already there: nothing to send), UNKNOWN (a node the tree no longer holds).
 */
export type TreeMoveCheck =
  { ok: true; parentId: string | null } | { ok: false; reason: 'CYCLE' | 'UNCHANGED' | 'UNKNOWN' };

/**
 * Checks a drop of `movingId` onto `targetId` (null: the root zone) against the tree as the page
 * shows it, before anything is sent; the server checks again under its locks (a stale tree is its
 * VERSION_CONFLICT or CATEGORY_CYCLE).
 */
export function checkTreeMove(
  nodes: readonly TreeMoveNode[],
  movingId: string,
  targetId: string | null,
): TreeMoveCheck {
  const moving = nodes.find((n) => n.id === movingId);
  if (!moving) return { ok: false, reason: 'UNKNOWN' };
  if (targetId !== null) {
    const target = nodes.find((n) => n.id === targetId);
    if (!target) return { ok: false, reason: 'UNKNOWN' };
    if (target.id === movingId || target.ancestorIds.includes(movingId)) return { ok: false, reason: 'CYCLE' };
  }
  if (moving.parentId === targetId) return { ok: false, reason: 'UNCHANGED' };
  return { ok: true, parentId: targetId };
}

/** The ids a node may be dropped on (every node outside its own subtree), for the keyboard "Move to…" list too. */
export function treeMoveTargets(nodes: readonly TreeMoveNode[], movingId: string): Set<string> {
  return new Set(nodes.filter((n) => n.id !== movingId && !n.ancestorIds.includes(movingId)).map((n) => n.id));
}
