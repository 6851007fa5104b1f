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
      ...StoreMoney
    }
    paid {
      ...StoreMoney
    }
    outstanding {
      ...StoreMoney
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

/**
 * One invoice: its lines (VAT per line), the totals per VAT rate, and what settled it (payments and
 * credit notes, oldest first).
 */
export const InvoiceDetailQuery = graphql(`
  query StoreInvoiceDetail($id: ID!) {
    invoice(id: $id) {
      ...StoreInvoiceListFields
      currency
      net {
        ...StoreMoney
      }
      tax {
        ...StoreMoney
      }
      credited {
        ...StoreMoney
      }
      lines {
        lineNo
        sku
        productName
        product {
          id
          nameEn
        }
        quantity
        isGift
        taxClass
        taxRate
        net {
          ...StoreMoney
        }
        tax {
          ...StoreMoney
        }
        gross {
          ...StoreMoney
        }
      }
      taxSummary {
        taxClass
        taxRate
        net {
          ...StoreMoney
        }
        tax {
          ...StoreMoney
        }
        gross {
          ...StoreMoney
        }
      }
      allocations {
        source
        allocatedAt
        amount {
          ...StoreMoney
        }
        payment {
          id
          reference
          method
          receivedOn
        }
        creditNote {
          id
          number
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
      ...StoreMoney
    }
    allocated {
      ...StoreMoney
    }
    unallocated {
      ...StoreMoney
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
      ...StoreMoney
    }
    invoicesTotal {
      ...StoreMoney
    }
    paymentsTotal {
      ...StoreMoney
    }
    creditNotesTotal {
      ...StoreMoney
    }
    closingBalance {
      ...StoreMoney
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
          ...StoreMoney
        }
        credit {
          ...StoreMoney
        }
        balance {
          ...StoreMoney
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
 * The account page in one request: the credit line with every figure finance keeps (limit, used,
 * held, balance, open receivables, overdue, available), the overdue invoice due longest ago (for the
 * ordering-block banner) and the newest payments.
 */
export const AccountQuery = graphql(`
  query StoreAccount($dealerId: ID!, $payments: Int!) {
    myCreditAccount {
      id
      currency
      termDays
      status
      limit {
        ...StoreMoney
      }
      used {
        ...StoreMoney
      }
      held {
        ...StoreMoney
      }
      balance {
        ...StoreMoney
      }
      openReceivables {
        ...StoreMoney
      }
      overdue {
        ...StoreMoney
      }
      available {
        ...StoreMoney
      }
      utilization
      orderingBlock {
        blocked
        daysOverdue
        thresholdDays
      }
    }
    overdueInvoices: invoices(first: 1, filter: { dealerId: $dealerId, status: OVERDUE }) {
      totalCount
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

/**
 * The dealer's shipments changing status, for the account page: shipping invoices the shipment (used
 * rises, held falls) once its settlement is done, a delivery or cancellation may release the rest.
 */
export const AccountShipmentLiveSubscription = graphql(`
  subscription StoreAccountShipmentLive($dealerId: ID) {
    shipmentStatusChanged(dealerId: $dealerId) {
      id
      status
      settlement
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
