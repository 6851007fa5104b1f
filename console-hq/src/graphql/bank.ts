import { graphql } from '@/generated';

/** Bank statement lines (the matching queue when filtered to UNMATCHED). */
export const BankLinesDocument = graphql(`
  query BankLines($first: Int!, $after: String, $filter: BankLineFilter) {
    bankStatementLines(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          lineNo
          valueDate
          payerName
          payerAccount
          summary
          remark
          status
          amount {
            ...MoneyFields
          }
          dealer {
            id
            name
            nameEn
          }
          suggestedDealer {
            id
            name
            nameEn
          }
        }
      }
    }
  }
`);

/** Matches a line to a dealer: it becomes that dealer's payment, oldest invoices first. */
export const MatchBankLineDocument = graphql(`
  mutation MatchBankLine($input: MatchBankLineInput!) {
    matchBankStatementLine(input: $input) {
      line {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** Sets a line aside with a reason. */
export const IgnoreBankLineDocument = graphql(`
  mutation IgnoreBankLine($id: ID!, $reason: String!) {
    ignoreBankStatementLine(id: $id, reason: $reason) {
      line {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
