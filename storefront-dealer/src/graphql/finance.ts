import { graphql } from '@/generated';

export const InvoiceListFields = graphql(`
  fragment StoreInvoiceListFields on Invoice {
    id
    number
    orderNumber
    shipmentNumber
    issuedAt
    dueAt
    paidAt
    status
    daysOverdue
    order {
      id
    }
    amount {
      amount
      currency
    }
    paid {
      amount
      currency
    }
    outstanding {
      amount
      currency
    }
  }
`);

/** The dealer's invoices, newest first (or soonest due), a page at a time. */
export const InvoicesQuery = graphql(`
  query StoreInvoices($first: Int!, $after: String, $filter: InvoiceFilter, $sort: InvoiceSort) {
    invoices(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StoreInvoiceListFields
        }
      }
    }
  }
`);

/** One invoice with the payments applied to it. */
export const InvoiceDetailQuery = graphql(`
  query StoreInvoiceDetail($id: ID!) {
    invoice(id: $id) {
      ...StoreInvoiceListFields
      currency
      payments {
        id
        reference
        method
        receivedOn
        amount {
          amount
          currency
        }
      }
    }
  }
`);

export const PaymentListFields = graphql(`
  fragment StorePaymentListFields on Payment {
    id
    reference
    method
    receivedOn
    recordedAt
    amount {
      amount
      currency
    }
    allocated {
      amount
      currency
    }
    unallocated {
      amount
      currency
    }
  }
`);

/** The dealer's payments, newest first. */
export const PaymentsQuery = graphql(`
  query StorePayments($first: Int!, $after: String, $filter: PaymentFilter) {
    payments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StorePaymentListFields
        }
      }
    }
  }
`);

/** The dealer's payments as they are recorded (the gateway sends a dealer only its own). */
export const PaymentRecordedLiveSubscription = graphql(`
  subscription StorePaymentRecordedLive {
    paymentRecorded {
      ...StorePaymentListFields
    }
  }
`);

export const StatementSummaryFields = graphql(`
  fragment StoreStatementSummaryFields on Statement {
    id
    period
    status
    documentCount
    issuedAt
    confirmedAt
    disputedAt
    openingBalance {
      amount
      currency
    }
    invoicesTotal {
      amount
      currency
    }
    paymentsTotal {
      amount
      currency
    }
    creditNotesTotal {
      amount
      currency
    }
    closingBalance {
      amount
      currency
    }
  }
`);

/** Issued statements of the dealer, newest month first. */
export const StatementsQuery = graphql(`
  query StoreStatements($first: Int!, $after: String, $filter: StatementFilter) {
    statements(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StoreStatementSummaryFields
        }
      }
    }
  }
`);

export const StatementLinePage = graphql(`
  fragment StoreStatementLinePage on StatementLineConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        date
        kind
        documentId
        number
        description
        debit {
          amount
          currency
        }
        credit {
          amount
          currency
        }
        balance {
          amount
          currency
        }
      }
    }
  }
`);

/** The next page of a statement's lines (100 a page, the API's maximum). */
export const StatementLinesQuery = graphql(`
  query StoreStatementLines($dealerId: ID!, $period: YearMonth!, $after: String) {
    statement(dealerId: $dealerId, period: $period) {
      id
      lines(first: 100, after: $after) {
        ...StoreStatementLinePage
      }
    }
  }
`);

/** One month's statement (LIVE while the month is open) with its lines and its confirm/dispute thread. */
export const StatementDetailQuery = graphql(`
  query StoreStatementDetail($dealerId: ID!, $period: YearMonth!) {
    statement(dealerId: $dealerId, period: $period) {
      ...StoreStatementSummaryFields
      lines(first: 100) {
        ...StoreStatementLinePage
      }
      events {
        id
        action
        actorName
        comment
        at
      }
    }
  }
`);

export const ConfirmStatementMutation = graphql(`
  mutation StoreConfirmStatement($id: ID!, $comment: String) {
    confirmStatement(id: $id, comment: $comment) {
      statement {
        id
        status
        confirmedAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const DisputeStatementMutation = graphql(`
  mutation StoreDisputeStatement($id: ID!, $comment: String!) {
    disputeStatement(id: $id, comment: $comment) {
      statement {
        id
        status
        disputedAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/**
 * The account page in one request: the credit line, the overdue invoices (soonest due first) and the
 * newest payments (their unallocated parts are the dealer's balance).
 */
export const AccountQuery = graphql(`
  query StoreAccount($dealerId: ID!, $payments: Int!) {
    myCreditAccount {
      id
      currency
      termDays
      status
      limit {
        amount
        currency
      }
      used {
        amount
        currency
      }
      held {
        amount
        currency
      }
      available {
        amount
        currency
      }
      utilization
    }
    overdueInvoices: invoices(first: 100, filter: { dealerId: $dealerId, status: OVERDUE }, sort: DUE_SOONEST) {
      totalCount
      edges {
        node {
          id
          daysOverdue
          outstanding {
            amount
            currency
          }
        }
      }
    }
    payments(first: $payments, filter: { dealerId: $dealerId }) {
      totalCount
      edges {
        node {
          ...StorePaymentListFields
        }
      }
    }
  }
`);

/** A statement's PDF (costly: fetched only when the dealer downloads it). */
export const StatementPdfQuery = graphql(`
  query StoreStatementPdf($dealerId: ID!, $period: YearMonth!) {
    statement(dealerId: $dealerId, period: $period) {
      id
      period
      dealer {
        id
        code
      }
      pdf {
        contentType
        base64
      }
    }
  }
`);
