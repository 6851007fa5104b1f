import { connectionType } from '@dnp/subgraph-kit';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';

/** A page of price lists (Query.priceLists). */
export const PriceListConnection = connectionType(PriceList, 'PriceList', 'price list');
/** A page of a price list's entries (PriceList.entries). */
export const PriceListEntryConnection = connectionType(PriceListEntry, 'PriceListEntry', 'price list entry');
