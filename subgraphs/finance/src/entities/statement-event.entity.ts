import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** What happened to a statement. */
export enum StatementAction {
  ISSUED = 'ISSUED',
  CONFIRMED = 'CONFIRMED',
  DISPUTED = 'DISPUTED',
  RESPONDED = 'RESPONDED',
}
registerEnumType(StatementAction, {
  name: 'StatementAction',
  description: 'What happened to a statement.',
  valuesConfig: {
    ISSUED: { description: 'Issued by the month-end run.' },
    CONFIRMED: { description: 'The dealer confirmed it.' },
    DISPUTED: { description: 'The dealer disputed it, with a comment.' },
    RESPONDED: { description: 'HQ or a clerk answered a dispute.' },
  },
});

/** One entry of a statement's thread: issue, confirmation, disputes and answers. */
@Entity({ tableName: 'statement_event' })
@Index({ properties: ['statementId', 'at'] })
@ObjectType({ description: "An entry of a statement's history: issued, confirmed, disputed or answered." })
export class StatementEvent {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable event id.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  statementId!: string;

  @Enum({ items: () => StatementAction })
  @Field(() => StatementAction, { description: 'What happened.' })
  action!: StatementAction;

  @Property({ type: 'string', length: 40, nullable: true })
  actorUserId: string | null = null;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Who did it, by name (the system for the month-end run).' })
  actorName!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'The comment given.' })
  comment: string | null = null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;
}
