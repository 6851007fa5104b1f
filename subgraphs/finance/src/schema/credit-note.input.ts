import { TaxClass } from '@dnp/subgraph-kit';
import { Directive, Field, ID, InputType, Int } from 'type-graphql';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import { MinorUnitsScalar } from './minor-units.scalar.js';

@InputType({ description: 'One line of a credit note to issue (service only).' })
@Directive('@inaccessible')
export class CreditNoteLineInput {
  @Field(() => ID, { description: 'The product credited.' })
  productId!: string;

  @Field(() => String, { description: 'The product SKU (copied onto the credit note).' })
  sku!: string;

  @Field(() => String, { description: 'The product name (copied onto the credit note).' })
  productName!: string;

  @Field(() => Int, { description: 'Units credited, at least 1.' })
  quantity!: number;

  @Field(() => TaxClass, { description: "The product's VAT class." })
  taxClass!: TaxClass;

  @Field(() => MinorUnitsScalar, { description: 'Tax-inclusive value credited (positive; the parts rule).' })
  grossMinor!: number;
}

@InputType({ description: 'A credit note to issue (service only; idempotent by sourceKey).' })
@Directive('@inaccessible')
export class IssueCreditNoteInput {
  @Field(() => String, { description: 'Idempotency key (the return id): one credit note per key, ever.' })
  sourceKey!: string;

  @Field(() => CreditNoteKind, { description: 'Why the value is given back.' })
  kind!: CreditNoteKind;

  @Field(() => ID, { description: 'The dealer credited.' })
  dealerId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The selling parent dealer of a two-tier order: the note is on the line it grants the dealer, numbered in' +
      " its own series CN_<seller code>. Null: the brand's credit note.",
  })
  sellerDealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The shipment returned from: its invoice is reversed first.' })
  shipmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The order concerned.' })
  orderId?: string | null;

  @Field(() => String, { description: 'Why, 1–500 characters.' })
  reason!: string;

  @Field(() => [CreditNoteLineInput], { description: 'The lines credited, 1 to 200.' })
  lines!: CreditNoteLineInput[];
}

@InputType({ description: 'Narrows a credit note list. All given conditions must hold.' })
export class CreditNoteFilter {
  @Field(() => ID, { nullable: true, description: "Only this dealer's credit notes." })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only credit notes applied first to this invoice.' })
  invoiceId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only credit notes the parent dealer sells to its sub-dealers (two-tier), on the line it grants them. Omitted: ' +
      "HQ, finance clerks and managers see the brand's own sales; dealer users see all of theirs (bought and sold).",
  })
  sellerDealerId?: string | null;
}
