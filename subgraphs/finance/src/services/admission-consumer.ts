import {
  EventType,
  insertOnce,
  recordEvent,
  type DomainEvent,
  type EventPayload,
  type EventConsumer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { BRAND_SELLER, CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditLimitChange, recordedTerms } from '../entities/credit-limit-change.entity.js';
import { dealerScope } from './receivables-ledger.js';

/** The reason an admitted dealer's first terms carry in its history. */
export const ADMISSION_REASON = 'admission';
/** The currency of the brand's accounts (the demo's and every admitted dealer's). */
const CURRENCY = 'CNY';

/**
 * Opens the brand's credit account of an admitted dealer with the payload's limit and term days,
 * and its first history row (APPLIED, from 0 to the limit, reason "admission") with its
 * `finance.credit_limit_changed` event — unless the dealer has a brand account already (a replay,
 * or an account opened by hand): the account's id comes from the dealer's, so the insert happens
 * once. Answers whether it opened one.
 */
export async function openAdmittedAccount(tx: EntityManager, event: DomainEvent): Promise<boolean> {
  const p = event.payload as unknown as EventPayload<typeof EventType.DEALER_ADMITTED>;
  const now = new Date();
  const suffix = p.dealerId.replace(/^dlr_/, '');
  const account = Object.assign(new CreditAccount(), {
    ...{ id: `cra_${suffix}`, dealerId: p.dealerId, sellerKey: BRAND_SELLER, dealerRegionPath: p.regionPath },
    ...{ dealerPath: p.dealerPath, currency: CURRENCY, limitMinor: p.initialCreditLimitMinor, usedMinor: 0 },
    ...{ heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0, termDays: p.termDays },
    ...{ status: CreditStatus.ACTIVE, updatedAt: now },
  });
  if (!(await insertOnce(tx, CreditAccount, { ...account }, 'id'))) return false;
  const change = recordedTerms(account, {
    ...{ id: `clc_${suffix}`, reason: ADMISSION_REASON, at: now },
    ...{ fromLimitMinor: 0, fromTermDays: 0 },
  });
  await tx.insert(CreditLimitChange, change);
  recordEvent(tx, {
    type: EventType.CREDIT_LIMIT_CHANGED,
    subjectId: account.id,
    scope: dealerScope(account),
    occurredAt: now,
    payload: {
      ...{ changeId: change.id, accountId: account.id, dealerId: account.dealerId, sellerDealerId: null },
      ...{ fromLimitMinor: 0, toLimitMinor: account.limitMinor, fromTermDays: 0, toTermDays: account.termDays },
      availableMinor: account.limitMinor,
    },
  });
  await tx.flush();
  return true;
}

/** `finance:admission` (§8.2, §12.2): one instance opens each admitted dealer's brand account. */
export function financeAdmissionConsumer(): EventConsumer {
  return {
    name: 'finance:admission',
    types: [EventType.DEALER_ADMITTED],
    delivery: 'once',
    handle: async (tx, event) => {
      await openAdmittedAccount(tx, event);
    },
  };
}
