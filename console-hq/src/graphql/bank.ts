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
        ...UserErrorFields
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
        ...UserErrorFields
      }
    }
  }
`);

/** What became of an import: its counts and state (the import list and the upload's result). */
export const BankImportFieldsFragment = graphql(`
  fragment BankImportFields on BankImport {
    id
    fileName
    bankAccount
    encoding
    status
    lineCount
    importedCount
    duplicateCount
    matchedCount
    unmatchedCount
    errorCount
    createdAt
    completedAt
  }
`);

/** Past bank file imports, newest first. */
export const BankImportsDocument = graphql(`
  query BankImports($first: Int!, $after: String) {
    bankImports(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...BankImportFields
        }
      }
    }
  }
`);

/** Imports a bank file (base64): its import, the earlier import of the same bytes, or the line errors. */
export const ImportBankStatementDocument = graphql(`
  mutation ImportBankStatement($input: ImportBankStatementInput!) {
    importBankStatement(input: $input) {
      import {
        ...BankImportFields
      }
      duplicateOf {
        ...BankImportFields
      }
      errors {
        code
        message
        line
        column
      }
    }
  }
`);
