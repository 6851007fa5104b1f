import type { EntityManager } from '@mikro-orm/core';

/**
 * The stock levels whose ledger does not add up: Σ delta ≠ on hand, or Σ quarantine_delta ≠
 * quarantined (§5 of docs/design/order-to-cash.md). Empty when the ledger is whole; for checks
 * and tests, never on a request's path (it reads every level).
 */
export function ledgerViolations(em: EntityManager): Promise<{ id: string }[]> {
  return em.getConnection().execute(
    `select s.id from stock_level s
       left join stock_movement m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
     group by s.id, s.on_hand, s.quarantined
       having coalesce(sum(m.delta), 0) <> s.on_hand or coalesce(sum(m.quarantine_delta), 0) <> s.quarantined`,
    [],
    'all',
  );
}
