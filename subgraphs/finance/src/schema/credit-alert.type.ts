import { connectionType } from '@dnp/subgraph-kit';
import { CreditAlert } from '../entities/credit-alert.entity.js';

/** A page of credit alerts (`CreditAlertConnection` with `CreditAlertEdge`), Relay-style. */
export const CreditAlertConnection = connectionType(CreditAlert, 'CreditAlert', 'credit alert');
