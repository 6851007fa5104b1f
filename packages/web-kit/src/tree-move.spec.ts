import { describe, expect, it } from 'vitest';
import { checkTreeMove, treeMoveTargets, type TreeMoveNode } from './tree-move';

// food ─┬─ dairy ── milk
//       └─ snacks
// drinks
const tree: TreeMoveNode[] = [
  { id: 'food', parentId: null, ancestorIds: [] },
  { id: 'dairy', parentId: 'food', ancestorIds: ['food'] },
  { id: 'milk', parentId: 'dairy', ancestorIds: ['food', 'dairy'] },
  { id: 'snacks', parentId: 'food', ancestorIds: ['food'] },
  { id: 'drinks', parentId: null, ancestorIds: [] },
];

describe('checkTreeMove', () => {
  it('allows a move under another branch or to the top', () => {
    expect(checkTreeMove(tree, 'dairy', 'drinks')).toEqual({ ok: true, parentId: 'drinks' });
    expect(checkTreeMove(tree, 'milk', 'snacks')).toEqual({ ok: true, parentId: 'snacks' });
    expect(checkTreeMove(tree, 'dairy', null)).toEqual({ ok: true, parentId: null });
    expect(checkTreeMove(tree, 'drinks', 'milk')).toEqual({ ok: true, parentId: 'milk' });
  });

  it('refuses the node itself and its descendants as CYCLE', () => {
    expect(checkTreeMove(tree, 'food', 'food')).toEqual({ ok: false, reason: 'CYCLE' });
    expect(checkTreeMove(tree, 'food', 'dairy')).toEqual({ ok: false, reason: 'CYCLE' });
    expect(checkTreeMove(tree, 'food', 'milk')).toEqual({ ok: false, reason: 'CYCLE' });
  });

  it('sends nothing for a drop where the node already is, or for nodes the tree no longer holds', () => {
    expect(checkTreeMove(tree, 'milk', 'dairy')).toEqual({ ok: false, reason: 'UNCHANGED' });
    expect(checkTreeMove(tree, 'drinks', null)).toEqual({ ok: false, reason: 'UNCHANGED' });
    expect(checkTreeMove(tree, 'gone', 'food')).toEqual({ ok: false, reason: 'UNKNOWN' });
    expect(checkTreeMove(tree, 'milk', 'gone')).toEqual({ ok: false, reason: 'UNKNOWN' });
  });
});

describe('treeMoveTargets', () => {
  it('lists every node outside the moving subtree', () => {
    expect([...treeMoveTargets(tree, 'food')]).toEqual(['drinks']);
    expect([...treeMoveTargets(tree, 'dairy')]).toEqual(['food', 'snacks', 'drinks']);
    expect([...treeMoveTargets(tree, 'milk')]).toEqual(['food', 'dairy', 'snacks', 'drinks']);
  });
});
