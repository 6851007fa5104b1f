import {
  businessDate,
  businessHour,
  insertOnce,
  periodOfDate,
  runPeriodically,
  shiftPeriod,
  type Logger,
} from '@dnp/subgraph-kit';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { RebateSettlementRun } from '../../entities/rebate-settlement.entity.js';
import { proposePeriod, SETTLEMENT_JOB } from './rebate-settlement.service.js';

/** How often the schedule looks whether a period's settlements are due. */
const CHECK_MS = 10 * 60_000;
/** How long a runner owns a period before another replica may take it over. */
const LEASE_MS = 15 * 60_000;

/**
 * The period keys whose settlements are due at `now` (business time): the last ended month from
 * `hour` on the next month's 1st (the month before it until then), with its quarter when the month
 * closes one and its year when it is December.
 */
export function dueSettlementPeriods(now: Date, timeZone: string, hour: number): string[] {
  const today = businessDate(now, timeZone);
  const early = today.endsWith('-01') && businessHour(now, timeZone) < hour;
  const month = shiftPeriod(periodOfDate(today, 'MONTH'), early ? -2 : -1);
  const [year, mm] = month.split('-') as [string, string];
  const periods = [month];
  if (Number(mm) % 3 === 0) periods.push(periodOfDate(`${month}-01`, 'QUARTER'));
  if (mm === '12') periods.push(year);
  return periods;
}

/**
 * Proposes `period`'s settlements under its lease (the `rebate_settlement_run` row, the grade
 * evaluation's pattern): one runner across replicas; the others, and later calls, see RUNNING or
 * DONE and return. A failure gives the lease back so the next check retries at once. Answers the
 * run row, or null when another runner holds it.
 */
export async function runSettlementPeriod(
  em: EntityManager,
  period: string,
  now = new Date(),
): Promise<RebateSettlementRun | null> {
  const existing = await em.fork({ clear: true }).findOne(RebateSettlementRun, { period });
  if (existing && (existing.status === 'DONE' || existing.leaseUntil > now)) return existing;
  // Whole seconds: the guarded update compares it with the stored column (MariaDB datetime keeps no ms).
  const lease = new Date(Math.floor((now.getTime() + LEASE_MS) / 1000) * 1000);
  const taken = existing
    ? (await em.nativeUpdate(
        RebateSettlementRun,
        { period, leaseUntil: existing.leaseUntil, status: 'RUNNING' },
        { leaseUntil: lease },
      )) === 1
    : await insertOnce(
        em,
        RebateSettlementRun,
        { period, status: 'RUNNING', leaseUntil: lease, proposed: 0 },
        'period',
      );
  if (!taken) return null;
  try {
    const proposed = await proposePeriod(em, SETTLEMENT_JOB, period, now);
    await em.nativeUpdate(
      RebateSettlementRun,
      { period, leaseUntil: lease },
      { status: 'DONE', proposed, finishedAt: new Date() },
    );
  } catch (err) {
    await em.nativeUpdate(RebateSettlementRun, { period, leaseUntil: lease, status: 'RUNNING' }, { leaseUntil: now });
    throw err;
  }
  return em.fork({ clear: true }).findOne(RebateSettlementRun, { period });
}

/**
 * The period-end rebate settlement run (§8): every check proposes the due periods
 * (`dueSettlementPeriods`) not DONE yet, each under its lease; a process started late catches up.
 */
export function scheduleRebateSettlement(
  orm: MikroORM,
  timeZone: string,
  hour: number,
  log: Logger,
): () => Promise<void> {
  const tick = async () => {
    for (const period of dueSettlementPeriods(new Date(), timeZone, hour)) {
      const run = await runSettlementPeriod(orm.em.fork(), period);
      if (run?.status === 'DONE' && run.finishedAt && Date.now() - run.finishedAt.getTime() < CHECK_MS) {
        log.info({ period, proposed: run.proposed }, 'rebate settlements proposed');
      }
    }
  };
  return runPeriodically('rebate settlement', CHECK_MS, tick, log);
}
