import { checkTreeMove } from '@dnp/web-kit';
import { computed, ref, type Ref } from 'vue';
import { useCategoryMutations, type CategoryRow } from '@/composables/use-master-data';
import { errorsByField, type PayloadError } from '@/lib/cursor-stack';

/** The drop zone that moves a category to the top level. */
export const ROOT_ZONE = '';

/**
 * Drag and drop in the category tree: a category dropped on another moves under it, dropped on the
 * root zone moves to the top (`moveCategory` with the version the tree showed). Every drop is
 * accepted so that a refused one can say why: under itself or a descendant is CATEGORY_CYCLE before
 * anything is sent, the server's refusals (CATEGORY_HAS_PRODUCTS, VERSION_CONFLICT, …) come back as
 * payload errors; a drop where the category already is sends nothing. The decision is web-kit's
 * `checkTreeMove` (unit-tested there); `onMoved` reloads the tree.
 */
export function useCategoryDrag(rows: Ref<CategoryRow[]>, onMoved: () => void) {
  const mutations = useCategoryMutations();
  const dragging = ref<CategoryRow | null>(null);
  /** The row id (or ROOT_ZONE) under the pointer while dragging. */
  const over = ref<string | null>(null);
  const errors = ref<PayloadError[]>([]);
  /** The category moved last, for the live announcement. */
  const moved = ref<CategoryRow | null>(null);

  const targetOf = (zone: string) => (zone === ROOT_ZONE ? null : zone);

  function start(row: CategoryRow, event: DragEvent): void {
    dragging.value = row;
    errors.value = [];
    moved.value = null;
    event.dataTransfer?.setData('text/plain', row.code);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  function enter(zone: string, event: DragEvent): void {
    if (!dragging.value) return;
    event.preventDefault();
    over.value = zone;
    if (event.dataTransfer) event.dataTransfer.dropEffect = valid(zone) ? 'move' : 'none';
  }

  /** True when dropping the dragged category on `zone` would be sent (not a cycle, not where it is). */
  function valid(zone: string): boolean {
    return Boolean(dragging.value && checkTreeMove(rows.value, dragging.value.id, targetOf(zone)).ok);
  }

  function end(): void {
    dragging.value = null;
    over.value = null;
  }

  async function drop(zone: string, event: DragEvent): Promise<void> {
    event.preventDefault();
    const row = dragging.value;
    end();
    if (row) await moveTo(row, targetOf(zone));
  }

  /** Moves `row` under `parentId` (null: the top); false when refused (`errors` say why) or nothing to do. */
  async function moveTo(row: CategoryRow, parentId: string | null): Promise<boolean> {
    const check = checkTreeMove(rows.value, row.id, parentId);
    if (!check.ok) {
      errors.value = check.reason === 'CYCLE' ? [{ code: 'CATEGORY_CYCLE', message: '', field: '' }] : [];
      return false;
    }
    const outcome = await mutations.move(row.id, check.parentId, row.version);
    errors.value = outcome.errors.map((e) => ({ ...e, field: '' }));
    if (!outcome.ok) return false;
    moved.value = row;
    onMoved();
    return true;
  }

  return {
    dragging,
    over,
    moved,
    busy: mutations.busy,
    /** The refusals of the last drop, all shown above the tree (FieldErrors with field ""). */
    errors: computed(() => errorsByField(errors.value)),
    start,
    enter,
    valid,
    end,
    drop,
  };
}
