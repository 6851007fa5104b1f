import { connectionType } from '@dnp/subgraph-kit';
import { Product } from '../entities/product.entity.js';

/** The catalogue page type (`ProductConnection` with `ProductEdge`), Relay-style. */
export const ProductConnection = connectionType(Product, 'Product', 'product');
