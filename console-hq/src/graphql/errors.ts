import { graphql } from '@/generated';

/** A refusal as every console mutation reads it: the code the UI translates, the message, the field. */
export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    code
    message
    field
  }
`);

/** An order or shipping refusal: the same three fields (orders' own error type). */
export const OrderRefusalFieldsFragment = graphql(`
  fragment OrderRefusalFields on OrderError {
    code
    message
    field
  }
`);
