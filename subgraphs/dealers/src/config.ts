import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import { z } from 'zod';
import { DEV_AUTH_JWT_SECRET, type AuthSettings } from './services/auth.service.js';
import type { InvitationSettings } from './services/invitation.service.js';
import { DealerGrade } from './entities/dealer.entity.js';
import { parseGradeAmounts, type NetworkSettings } from './services/network-settings.js';

const ALL_GRADES = Object.values(DealerGrade);
const TOP_GRADES = [DealerGrade.A, DealerGrade.B, DealerGrade.C];

/** True when `text` parses as one fen amount per grade. */
function gradeAmountsOk(text: string, grades: DealerGrade[] = ALL_GRADES): boolean {
  try {
    parseGradeAmounts(text, grades);
    return true;
  } catch {
    return false;
  }
}

const schema = baseSubgraphConfig
  .extend({
    /** HS256 secret of the access tokens `login` signs; the gateway verifies them with the same secret. */
    AUTH_JWT_SECRET: z.string().min(32).optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** How long an invitation or password-reset link stays valid. */
    INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    /** The storefront's public base URL; invitation links are `<it>/invite/<token>` (the gateway reads it too). */
    STOREFRONT_URL: z.string().url().default('http://127.0.0.1:4000/store'),
    /** Grade of an admitted dealer when head office names none. */
    DEFAULT_GRADE: z.enum(DealerGrade).default(DealerGrade.D),
    /** Initial credit limit per grade in fen (GRADE=fen, comma-separated) when head office names none. */
    INITIAL_CREDIT_LIMITS: z
      .string()
      .default('A=100000000,B=50000000,C=20000000,D=5000000')
      .refine((v) => gradeAmountsOk(v), 'must be A=…,B=…,C=…,D=… in fen'),
    /** Payment term in days of an admitted dealer when head office names none. */
    INITIAL_TERM_DAYS: z.coerce.number().int().min(0).max(180).default(30),
    /** Fen of 12 months' purchases a dealer needs for grades A, B and C (below C: D). */
    GRADE_THRESHOLDS: z
      .string()
      .default('A=300000000,B=100000000,C=30000000')
      .refine((v) => gradeAmountsOk(v, TOP_GRADES), 'must be A=…,B=…,C=… in fen'),
    /** Business hour (0–23) on the 1st at which the monthly grade evaluation runs (a missed run catches up). */
    GRADE_EVALUATION_HOUR: z.coerce.number().int().min(0).max(23).default(3),
    /** Business hour (0–23) at which the daily licence expiry scan runs. */
    QUALIFICATION_SCAN_HOUR: z.coerce.number().int().min(0).max(23).default(1),
    /** Days before a licence's expiry at which an alert is raised (comma-separated), besides expiry itself. */
    QUALIFICATION_ALERT_DAYS: z
      .string()
      .default('30,7')
      .refine((v) => v.split(',').every((d) => /^\s*\d{1,3}\s*$/.test(d)), 'must be days, comma-separated'),
  })
  // A well-known development secret must never sign production tokens.
  .refine((c) => c.NODE_ENV !== 'production' || c.AUTH_JWT_SECRET !== undefined, {
    path: ['AUTH_JWT_SECRET'],
    message: 'required when NODE_ENV=production',
  })
  .transform((c) => ({ ...c, AUTH_JWT_SECRET: c.AUTH_JWT_SECRET ?? DEV_AUTH_JWT_SECRET }));

/** The dealers subgraph's configuration; the only place that reads the environment. */
export const config = parseConfig(schema, { PORT: '4002', ...process.env }, 'dealers');
export type Config = typeof config;

/** The token settings the auth service needs, taken from the configuration. */
export function authSettingsOf(c: Config): AuthSettings {
  return {
    jwtSecret: c.AUTH_JWT_SECRET,
    accessTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlDays: c.REFRESH_TOKEN_TTL_DAYS,
  };
}

/** The invitation settings, taken from the configuration. */
export function invitationSettingsOf(c: Config): InvitationSettings {
  return { ttlHours: c.INVITATION_TTL_HOURS, storefrontUrl: c.STOREFRONT_URL };
}

/** The dealer-lifecycle settings (network administration), taken from the configuration. */
export function networkSettingsOf(c: Config): NetworkSettings {
  return {
    timeZone: c.BUSINESS_TIME_ZONE,
    rebateMaxOrderShareBp: c.REBATE_MAX_ORDER_SHARE_BP,
    defaultGrade: c.DEFAULT_GRADE,
    initialCreditLimits: parseGradeAmounts(c.INITIAL_CREDIT_LIMITS, ALL_GRADES),
    initialTermDays: c.INITIAL_TERM_DAYS,
    qualificationScanHour: c.QUALIFICATION_SCAN_HOUR,
    qualificationAlertDays: c.QUALIFICATION_ALERT_DAYS.split(',').map(Number),
    gradeThresholds: parseGradeAmounts(c.GRADE_THRESHOLDS, TOP_GRADES) as NetworkSettings['gradeThresholds'],
    gradeEvaluationHour: c.GRADE_EVALUATION_HOUR,
  };
}
