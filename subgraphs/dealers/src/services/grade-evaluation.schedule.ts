import { businessDate, businessHour, Role, runPeriodically, type Logger, type Viewer } from '@dnp/subgraph-kit';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { GradeEvaluation } from '../entities/grade.entity.js';
import type { AuditActor, GradeEvaluationService } from './grade-evaluation.service.js';

/** How often the schedule looks whether this month's evaluation is due (and retries a failed one). */
const CHECK_MS = 10 * 60_000;

/** The schedule's identity in the audit log. */
const GRADE_JOB: AuditActor = {
  viewer: { userId: 'dealers-grade-evaluation', role: Role.SERVICE, displayName: '月度分级评估' } as Viewer,
  requestId: 'grade-evaluation',
};

/**
 * The evaluation month due at `now` (business time): the current month from `hour` on its 1st, and on any
 * later day of the month should that run have been missed; null before the hour on the 1st.
 */
export function dueEvaluationPeriod(now: Date, timeZone: string, hour: number): string | null {
  const today = businessDate(now, timeZone);
  if (today.endsWith('-01') && businessHour(now, timeZone) < hour) return null;
  return today.slice(0, 7);
}

/**
 * Runs the month's evaluation when it is due (see `dueEvaluationPeriod`), audited as the schedule. Every
 * replica may call it at once: the `grade_evaluation` row is the lease, so one of them evaluates and the
 * others answer its row (RUNNING while it works, DONE after); null when nothing is due yet.
 */
export function evaluateDueMonth(
  em: EntityManager,
  grades: GradeEvaluationService,
  timeZone: string,
  hour: number,
  now = new Date(),
): Promise<GradeEvaluation | null> {
  const period = dueEvaluationPeriod(now, timeZone, hour);
  return period ? grades.evaluate(em, period, now, GRADE_JOB) : Promise.resolve(null);
}

/**
 * The monthly grade evaluation (经销商分级) at `hour` on the 1st, business time; a process started later in
 * the month evaluates at once if the month has no finished run, and a failed run (orders not answering) is
 * retried at the next check. Once the month is DONE this process stops asking until the next month.
 */
export function scheduleGradeEvaluation(
  orm: MikroORM,
  grades: GradeEvaluationService,
  timeZone: string,
  hour: number,
  log: Logger,
): () => Promise<void> {
  let done: string | null = null;
  const tick = async () => {
    const now = new Date();
    if (done !== null && dueEvaluationPeriod(now, timeZone, hour) === done) return;
    const evaluation = await evaluateDueMonth(orm.em.fork(), grades, timeZone, hour, now);
    if (evaluation?.status !== 'DONE') return;
    done = evaluation.period;
    const { period, dealers, proposals } = evaluation;
    log.info({ period, dealers, proposals }, 'grade evaluation of the month done');
  };
  return runPeriodically('grade evaluation', CHECK_MS, tick, log);
}
