import { graphql } from '@/generated';

/** Invoices in the viewer's scope, filtered and sorted, one page. */
export const InvoicesDocument = graphql(`
  query Invoices($first: Int!, $after: String, $filter: InvoiceFilter, $sort: InvoiceSort) {
    invoices(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          number
          orderNumber
          shipmentNumber
          issuedAt
          dueAt
          status
          daysOverdue
          dealer {
            id
            name
            nameEn
          }
          amount {
            ...MoneyFields
          }
          paid {
            ...MoneyFields
          }
          outstanding {
            ...MoneyFields
          }
        }
      }
    }
  }
`);

/** One invoice with the payments settling it. */
export const InvoiceDetailDocument = graphql(`
  query InvoiceDetail($id: ID!) {
    invoice(id: $id) {
      id
      number
      orderNumber
      shipmentNumber
      issuedAt
      dueAt
      paidAt
      status
      daysOverdue
      dealer {
        id
        name
        nameEn
      }
      amount {
        ...MoneyFields
      }
      paid {
        ...MoneyFields
      }
      outstanding {
        ...MoneyFields
      }
      payments {
        id
        reference
        method
        receivedOn
        amount {
          ...MoneyFields
        }
      }
      net {
        ...MoneyFields
      }
      tax {
        ...MoneyFields
      }
      credited {
        ...MoneyFields
      }
      lines {
        lineNo
        sku
        productName
        quantity
        taxRate
        net {
          ...MoneyFields
        }
        tax {
          ...MoneyFields
        }
        gross {
          ...MoneyFields
        }
      }
      taxSummary {
        taxClass
        taxRate
        net {
          ...MoneyFields
        }
        tax {
          ...MoneyFields
        }
        gross {
          ...MoneyFields
        }
      }
      allocations {
        source
        allocatedAt
        amount {
          ...MoneyFields
        }
        payment {
          id
          reference
        }
        creditNote {
          id
          number
        }
      }
      creditNotes {
        id
        number
        reason
        issuedAt
        amount {
          ...MoneyFields
        }
      }
    }
  }
`);

/** Payments in the viewer's scope, newest first, one page. */
export const PaymentsDocument = graphql(`
  query Payments($first: Int!, $after: String, $filter: PaymentFilter) {
    payments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          reference
          method
          source
          receivedOn
          recordedByName
          dealer {
            id
            name
            nameEn
          }
          amount {
            ...MoneyFields
          }
          allocated {
            ...MoneyFields
          }
          unallocated {
            ...MoneyFields
          }
        }
      }
    }
  }
`);

/** Dealers to pick in the payment form (the viewer's scope). */
export const FinanceDealersDocument = graphql(`
  query FinanceDealers($first: Int!) {
    dealers(first: $first, sort: CODE_ASC) {
      edges {
        node {
          id
          code
          name
          nameEn
        }
      }
    }
  }
`);

/** Records a payment (回款): oldest invoices first, or the chosen allocations first. */
export const RecordPaymentDocument = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      payment {
        id
        reference
        amount {
          ...MoneyFields
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Payments as they are recorded (the lists refresh). */
export const LivePaymentRecordedDocument = graphql(`
  subscription LivePaymentRecorded {
    paymentRecorded {
      id
      reference
      amount {
        ...MoneyFields
      }
      dealer {
        id
        name
      }
    }
  }
`);

/** A statement's five figures: opening, invoices, payments, credit notes and closing (list and detail). */
export const StatementFiguresFragment = graphql(`
  fragment StatementFigures on Statement {
    openingBalance {
      ...MoneyFields
    }
    invoicesTotal {
      ...MoneyFields
    }
    paymentsTotal {
      ...MoneyFields
    }
    creditNotesTotal {
      ...MoneyFields
    }
    closingBalance {
      ...MoneyFields
    }
  }
`);

/** Issued statements of a period, per dealer. */
export const StatementsDocument = graphql(`
  query Statements($first: Int!, $after: String, $filter: StatementFilter) {
    statements(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          period
          status
          documentCount
          dealer {
            id
            name
            nameEn
          }
          ...StatementFigures
        }
      }
    }
  }
`);

/** Issues the statements of a month (idempotent). */
export const RunStatementsDocument = graphql(`
  mutation RunStatements($period: YearMonth!) {
    runStatements(period: $period) {
      period
      issued
      alreadyClosed
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** A dealer's statement of a month: figures, lines and the dispute thread. */
export const StatementDetailDocument = graphql(`
  query StatementDetail($dealerId: ID!, $period: YearMonth!, $first: Int!, $after: String) {
    statement(dealerId: $dealerId, period: $period) {
      id
      period
      status
      documentCount
      issuedAt
      confirmedAt
      disputedAt
      dealer {
        id
        name
        nameEn
      }
      ...StatementFigures
      lines(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            date
            kind
            documentId
            number
            description
            debit {
              ...MoneyFields
            }
            credit {
              ...MoneyFields
            }
            balance {
              ...MoneyFields
            }
          }
        }
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

/** HQ's answer to a dealer's dispute. */
export const RespondToStatementDisputeDocument = graphql(`
  mutation RespondToStatementDispute($id: ID!, $comment: String!) {
    respondToStatementDispute(id: $id, comment: $comment) {
      statement {
        id
        status
        events {
          id
          action
          actorName
          comment
          at
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** Receivables by days past due, per region or per dealer. */
export const ReceivablesAgingDocument = graphql(`
  query ReceivablesAging($groupBy: AgingGroup!, $regionId: ID, $first: Int!, $after: String) {
    receivablesAging(groupBy: $groupBy, regionId: $regionId, first: $first, after: $after) {
      asOf
      thresholdDays
      totals {
        ...AgingBucketFields
      }
      rows {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            oldestDueDate
            blocked
            dealer {
              id
              name
              nameEn
            }
            region {
              id
              name
              nameEn
            }
            buckets {
              ...AgingBucketFields
            }
          }
        }
      }
    }
  }
  fragment AgingBucketFields on AgingBuckets {
    current {
      ...MoneyFields
    }
    d1to30 {
      ...MoneyFields
    }
    d31to60 {
      ...MoneyFields
    }
    d61to90 {
      ...MoneyFields
    }
    over90 {
      ...MoneyFields
    }
    total {
      ...MoneyFields
    }
    unappliedCredit {
      ...MoneyFields
    }
  }
`);

/** A statement's PDF (base64), asked for only when downloaded: it costs 100. */
export const StatementPdfDocument = graphql(`
  query StatementPdf($dealerId: ID!, $period: YearMonth!) {
    statement(dealerId: $dealerId, period: $period) {
      id
      pdf {
        fileName
        contentType
        base64
      }
    }
  }
`);
