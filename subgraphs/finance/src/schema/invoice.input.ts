import { YearMonthScalar } from '@dnp/subgraph-kit';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { InvoiceStatus } from '../entities/invoice.entity.js';

/** Orders an invoice list can be sorted in. */
export enum InvoiceSort {
  NEWEST = 'NEWEST',
  DUE_SOONEST = 'DUE_SOONEST',
}
registerEnumType(InvoiceSort, {
  name: 'InvoiceSort',
  description: 'Orders an invoice list can be sorted in; ties are broken by id.',
  valuesConfig: {
    NEWEST: { description: 'Most recently issued first.' },
    DUE_SOONEST: { description: 'Earliest due date first.' },
  },
});

@InputType({ description: 'Narrows an invoice list. All given conditions must hold.' })
export class InvoiceFilter {
  @Field(() => ID, {
    nullable: true,
    description: "Only this dealer's invoices (dealer users always see only their own).",
  })
  dealerId?: string | null;

  @Field(() => InvoiceStatus, { nullable: true, description: 'Only invoices in this status, as of now.' })
  status?: InvoiceStatus | null;

  @Field(() => Date, { nullable: true, description: 'Only invoices due strictly before this instant.' })
  dueBefore?: Date | null;

  @Field(() => ID, { nullable: true, description: "Only this order's invoices." })
  orderId?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: 'Only invoices of this statement month.' })
  period?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only invoices the parent dealer sells to its sub-dealers (two-tier), on the line it grants them. Omitted: ' +
      "HQ, finance clerks and managers see the brand's own sales; dealer users see all of theirs (bought and sold).",
  })
  sellerDealerId?: string | null;
}
