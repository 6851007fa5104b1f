import { Entity, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { TaxedLine } from './taxed-line.entity.js';

/** One line of a credit note: value given back for a product, split into net and VAT like an invoice line. */
@Entity({ tableName: 'credit_note_line' })
export class CreditNoteLine extends TaxedLine {
  @PrimaryKey({ type: 'string', length: 40 })
  creditNoteId!: string;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  lineNo!: number;
}
