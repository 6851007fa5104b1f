import { LocalDateScalar } from '@dnp/subgraph-kit';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ApplicationStatus, BusinessScope } from '../entities/dealer-application.entity.js';
import { DealerGrade, DealerLevel } from '../entities/dealer.entity.js';
import { QualificationKind } from '../entities/qualification.entity.js';

/** A reviewer's decision (applications, qualification renewals, grade proposals). */
export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: "A reviewer's decision.",
  valuesConfig: {
    APPROVE: { description: 'Accept.' },
    REJECT: { description: 'Refuse (with a comment where one is required).' },
  },
});

@InputType({ description: 'A licence submitted with an application: its data and the uploaded scan.' })
export class ApplicationDocumentInput {
  @Field(() => QualificationKind, { description: 'Kind of licence.' })
  kind!: QualificationKind;

  @Field(() => String, { description: 'Licence number as printed, 1 to 64 characters.' })
  number!: string;

  @Field(() => String, { description: 'Issuing authority, 1 to 120 characters.' })
  issuer!: string;

  @Field(() => LocalDateScalar, { description: 'Last valid day; must not have passed (DOCUMENT_EXPIRED).' })
  validUntil!: string;

  @Field(() => ID, { description: 'The scan, uploaded with POST /uploads?purpose=APPLICATION_DOCUMENT.' })
  uploadId!: string;
}

@InputType({ description: "A company's application to join the dealer network (anyone may submit one)." })
export class DealerApplicationInput {
  @Field(() => String, { description: 'Registered Chinese company name, 2 to 200 characters.' })
  companyName!: string;

  @Field(() => String, { nullable: true, description: 'English company name, at most 200 characters.' })
  companyNameEn?: string | null;

  @Field(() => String, {
    description: 'Unified social credit code (统一社会信用代码), 18 characters with its GB 32100 check character.',
  })
  creditCode!: string;

  @Field(() => String, { description: 'Legal representative (法定代表人), 2 to 60 characters.' })
  legalRepresentative!: string;

  @Field(() => String, { description: 'Registered address, 5 to 300 characters.' })
  address!: string;

  @Field(() => DealerLevel, { description: 'The tier applied for (not NATIONAL_AGENT).' })
  levelApplied!: DealerLevel;

  @Field(() => ID, { description: 'The sales region the company wants to serve.' })
  regionId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Code of the dealer it would buy from; omit to buy from the brand.',
  })
  parentDealerCode?: string | null;

  @Field(() => String, { description: 'Name of the contact person, 2 to 60 characters.' })
  contactName!: string;

  @Field(() => String, { description: 'Mobile (e.g. 13812345678, optionally +86) or landline (025-84561234).' })
  contactPhone!: string;

  @Field(() => String, { nullable: true, description: 'E-mail address of the contact person.' })
  contactEmail?: string | null;

  @Field(() => [BusinessScope], { description: 'What the company trades in (decides the required licences).' })
  businessScopes!: BusinessScope[];

  @Field(() => Boolean, { description: 'True to ask for an own dealer warehouse.' })
  wantsWarehouse!: boolean;

  @Field(() => String, { nullable: true, description: 'A note to the reviewers, at most 1000 characters.' })
  note?: string | null;

  @Field(() => [ApplicationDocumentInput], {
    description:
      'The licences: a business licence always, a food distribution licence with FOOD, a GSP certificate with ' +
      'DRUG (DOCUMENT_REQUIRED); at most 10.',
  })
  documents!: ApplicationDocumentInput[];
}

@InputType({ description: 'Narrows the application queue. All given conditions must hold.' })
export class DealerApplicationFilter {
  @Field(() => [ApplicationStatus], { nullable: true, description: 'Only applications in one of these states.' })
  status?: ApplicationStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only applications for this region or below it.' })
  regionId?: string | null;
}

@InputType({ description: "A reviewer's decision on an application, with the admission terms when HQ approves." })
export class ReviewApplicationInput {
  @Field(() => ID, { description: 'The application.' })
  id!: string;

  @Field(() => Int, { description: 'The version read (VERSION_CONFLICT when it changed since).' })
  expectedVersion!: number;

  @Field(() => ReviewDecision, { description: 'APPROVE or REJECT.' })
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'Comment, at most 500 characters; required to reject.' })
  comment?: string | null;

  @Field(() => DealerGrade, { nullable: true, description: 'Admission: the grade (default DEFAULT_GRADE).' })
  grade?: DealerGrade | null;

  @Field(() => String, {
    nullable: true,
    description: 'Admission: the initial credit limit in yuan, e.g. "50000.00" (default by grade).',
  })
  creditLimit?: string | null;

  @Field(() => Int, { nullable: true, description: 'Admission: payment term in days, 0 to 180 (default 30).' })
  termDays?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Admission: open a dealer warehouse (default: what the applicant asked for).',
  })
  createWarehouse?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Admission: the administrator's username, [a-z0-9_.-]{3,64} (default: the application number + _admin).",
  })
  adminUsername?: string | null;
}
