import { connectionType } from '@dnp/subgraph-kit';
import { Dealer } from '../entities/dealer.entity.js';

/** A page of dealers (`DealerConnection` with `DealerEdge`), Relay-style. */
export const DealerConnection = connectionType(Dealer, 'Dealer', 'dealer');
