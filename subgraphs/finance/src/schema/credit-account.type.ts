import { connectionType } from '@dnp/subgraph-kit';
import { CreditAccount } from '../entities/credit-account.entity.js';

/** A page of credit accounts (`CreditAccountConnection` with `CreditAccountEdge`), Relay-style. */
export const CreditAccountConnection = connectionType(CreditAccount, 'CreditAccount', 'credit account');
