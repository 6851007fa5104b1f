import { domainError, UserInputError, type DomainError } from '@dnp/subgraph-kit';
import { BusinessScope } from '../entities/dealer-application.entity.js';
import { DealerLevel } from '../entities/dealer.entity.js';
import { QualificationKind } from '../entities/qualification.entity.js';
import { isValidCreditCode } from './credit-code.rule.js';

/** Most documents one application carries. */
export const MAX_APPLICATION_DOCUMENTS = 10;

const MOBILE = /^(\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const EMAIL = /^[^\s@]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** One licence as submitted. */
export interface ApplicationDocumentRequest {
  kind: QualificationKind;
  number: string;
  issuer: string;
  /** `YYYY-MM-DD` (the scalar checked the shape). */
  validUntil: string;
  uploadId: string;
}

/** What `submitDealerApplication` receives. */
export interface DealerApplicationRequest {
  companyName: string;
  companyNameEn?: string | null;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  levelApplied: DealerLevel;
  regionId: string;
  parentDealerCode?: string | null;
  contactName: string;
  contactPhone: string;
  contactEmail?: string | null;
  businessScopes: BusinessScope[];
  wantsWarehouse: boolean;
  note?: string | null;
  documents: ApplicationDocumentRequest[];
}

/** The licence kinds the law requires for `scopes`: a business licence always. */
export function requiredKinds(scopes: readonly string[]): QualificationKind[] {
  const kinds = [QualificationKind.BUSINESS_LICENSE];
  if (scopes.includes(BusinessScope.FOOD)) kinds.push(QualificationKind.FOOD_DISTRIBUTION_LICENSE);
  if (scopes.includes(BusinessScope.DRUG)) kinds.push(QualificationKind.GSP_CERTIFICATE);
  return kinds;
}

/** Trimmed text of `min`..`max` characters (null/absent allowed when `optional`); BAD_USER_INPUT otherwise. */
export function text(value: unknown, field: string, min: number, max: number, optional = false): string | null {
  if (value == null && optional) return null;
  const t = typeof value === 'string' ? value.trim() : '';
  if (optional && t === '') return null;
  if (t.length < min || t.length > max) throw new UserInputError(`${field} must be ${min} to ${max} characters`, field);
  return t;
}

/** The application with its text trimmed and the credit code upper-cased; shape errors throw BAD_USER_INPUT. */
export function normalizeApplication(input: DealerApplicationRequest): DealerApplicationRequest {
  if (!Array.isArray(input.documents) || input.documents.length > MAX_APPLICATION_DOCUMENTS)
    throw new UserInputError(`at most ${MAX_APPLICATION_DOCUMENTS} documents`, 'documents');
  if (!Array.isArray(input.businessScopes) || input.businessScopes.length === 0)
    throw new UserInputError('at least one business scope', 'businessScopes');
  if (input.levelApplied === DealerLevel.NATIONAL_AGENT)
    throw new UserInputError('the national agent is appointed, not admitted', 'levelApplied');
  return {
    ...input,
    companyName: text(input.companyName, 'companyName', 2, 200)!,
    companyNameEn: text(input.companyNameEn, 'companyNameEn', 1, 200, true),
    creditCode: text(input.creditCode, 'creditCode', 1, 40)!.toUpperCase(),
    legalRepresentative: text(input.legalRepresentative, 'legalRepresentative', 2, 60)!,
    address: text(input.address, 'address', 5, 300)!,
    regionId: text(input.regionId, 'regionId', 1, 40)!,
    parentDealerCode: text(input.parentDealerCode, 'parentDealerCode', 1, 32, true),
    contactName: text(input.contactName, 'contactName', 2, 60)!,
    contactPhone: text(input.contactPhone, 'contactPhone', 1, 32)!.replace(/\s+/g, ''),
    contactEmail: text(input.contactEmail, 'contactEmail', 3, 120, true),
    businessScopes: [...new Set(input.businessScopes)],
    note: text(input.note, 'note', 1, 1000, true),
    documents: input.documents.map((d, i) => ({
      ...d,
      number: text(d.number, `documents[${i}].number`, 1, 64)!,
      issuer: text(d.issuer, `documents[${i}].issuer`, 1, 120)!,
      uploadId: text(d.uploadId, `documents[${i}].uploadId`, 1, 40)!,
    })),
  };
}

/**
 * The refusals that need no database: credit code check character, phone, e-mail, the required
 * licences for the business scopes, and licences already expired on `today` (a business date).
 */
export function applicationErrors(input: DealerApplicationRequest, today: string): DomainError[] {
  const errors: DomainError[] = [];
  if (!isValidCreditCode(input.creditCode))
    errors.push(domainError('CREDIT_CODE_INVALID', 'Not a valid unified social credit code', 'creditCode'));
  if (!MOBILE.test(input.contactPhone) && !LANDLINE.test(input.contactPhone))
    errors.push(domainError('PHONE_INVALID', 'Not a mainland mobile or landline number', 'contactPhone'));
  if (input.contactEmail != null && !EMAIL.test(input.contactEmail))
    errors.push(domainError('EMAIL_INVALID', 'Not an e-mail address', 'contactEmail'));
  const given = new Set(input.documents.map((d) => d.kind));
  for (const kind of requiredKinds(input.businessScopes))
    if (!given.has(kind)) errors.push(domainError('DOCUMENT_REQUIRED', `A ${kind} is required`, 'documents'));
  input.documents.forEach((d, i) => {
    if (d.validUntil < today)
      errors.push(
        domainError('DOCUMENT_EXPIRED', `The ${d.kind} expired on ${d.validUntil}`, `documents[${i}].validUntil`),
      );
  });
  return errors;
}
