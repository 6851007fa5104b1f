import { connectionType } from '@dnp/subgraph-kit';
import { Promotion } from '../entities/promotion.entity.js';

/** A page of promotions (Query.promotions). */
export const PromotionConnection = connectionType(Promotion, 'Promotion', 'promotion');
