import { Field, ID, InputType, registerEnumType } from 'type-graphql';

/** What a sales report's rows are. */
export enum SalesReportDimension {
  REGION = 'REGION',
  DEALER = 'DEALER',
  PRODUCT = 'PRODUCT',
  CATEGORY = 'CATEGORY',
  PERIOD = 'PERIOD',
}
registerEnumType(SalesReportDimension, {
  name: 'SalesReportDimension',
  description: 'What the rows of a sales report are.',
  valuesConfig: {
    REGION: {
      description:
        'Regions one level below `regionId` (or below the manager’s own region; HQ: the sales regions); a ' +
        'dealer registered at that region itself counts under it.',
    },
    DEALER: { description: 'Buying dealers.' },
    PRODUCT: { description: 'Products; `orders` counts each order once per product.' },
    CATEGORY: {
      description: 'Categories one level below `categoryId` (top-level categories without it); "" = not known yet.',
    },
    PERIOD: { description: 'Business periods of the granularity, every one in the range (empty ones as zeros).' },
  },
});

/** Business period size of a sales report. */
export enum SalesReportGranularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(SalesReportGranularity, {
  name: 'SalesReportGranularity',
  description:
    'Business period size of a sales report, in the brand’s time zone (BUSINESS_TIME_ZONE); `from` and `to` ' +
    'widen to whole periods.',
  valuesConfig: {
    DAY: { description: 'Days ("2026-03-01"); at most 400 in a range.' },
    WEEK: { description: 'ISO weeks from Monday ("2026-W09"); at most 260.' },
    MONTH: { description: 'Months ("2026-03"); at most 120.' },
    QUARTER: { description: 'Quarters ("2026-Q1"); at most 40.' },
    YEAR: { description: 'Years ("2026"); at most 10.' },
  },
});

/** What a sales report compares its figures with. */
export enum SalesReportCompare {
  NONE = 'NONE',
  YOY = 'YOY',
  MOM = 'MOM',
}
registerEnumType(SalesReportCompare, {
  name: 'SalesReportCompare',
  description: 'What a sales report compares its net sales with.',
  valuesConfig: {
    NONE: { description: 'No comparison (compareNet and changeBp are null).' },
    YOY: { description: 'The same periods a year earlier (同比).' },
    MOM: {
      description:
        'The periods just before (环比): with dimension PERIOD each period against the one before it; otherwise ' +
        'the range against the run of as many periods just before it.',
    },
  },
});

/** Orders of a sales report's rows. */
export enum SalesReportSort {
  NET_DESC = 'NET_DESC',
  NET_ASC = 'NET_ASC',
  UNITS_DESC = 'UNITS_DESC',
  ORDERS_DESC = 'ORDERS_DESC',
  KEY_ASC = 'KEY_ASC',
}
registerEnumType(SalesReportSort, {
  name: 'SalesReportSort',
  description: 'Orders of a sales report’s rows; ties by key. Default: KEY_ASC for PERIOD, NET_DESC otherwise.',
  valuesConfig: {
    NET_DESC: { description: 'Largest net sales first.' },
    NET_ASC: { description: 'Smallest net sales first.' },
    UNITS_DESC: { description: 'Most units first.' },
    ORDERS_DESC: { description: 'Most orders first.' },
    KEY_ASC: { description: 'By key (chronological for PERIOD).' },
  },
});

@InputType({
  description:
    'What a sales report covers. Every filter narrows it; the viewer’s data scope always applies (HQ all, a ' +
    'region manager its region’s dealers, a dealer admin its own dealer, its sub-dealers and its own sales).',
})
export class SalesReportInput {
  @Field(() => SalesReportDimension, { description: 'What the rows are.' })
  dimension!: SalesReportDimension;

  @Field(() => SalesReportGranularity, { description: 'Business period size (the table read, and PERIOD rows).' })
  granularity!: SalesReportGranularity;

  @Field(() => String, { description: 'First business date included ("YYYY-MM-DD"), widened to its period’s start.' })
  from!: string;

  @Field(() => String, { description: 'Last business date included ("YYYY-MM-DD"), widened to its period’s end.' })
  to!: string;

  @Field(() => ID, { nullable: true, description: 'Only dealers in this region’s subtree.' })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this buying dealer.' })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this product.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only products in this category’s subtree.' })
  categoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only what this parent dealer sold to its sub-dealers (two-tier distribution).',
  })
  sellerDealerId?: string | null;

  @Field(() => SalesReportCompare, { nullable: true, description: 'Comparison (default NONE).' })
  compare?: SalesReportCompare | null;
}

/** What a dealer ranking ranks by. */
export enum DealerRankingMetric {
  NET = 'NET',
  UNITS = 'UNITS',
  ORDERS = 'ORDERS',
  GROWTH = 'GROWTH',
}
registerEnumType(DealerRankingMetric, {
  name: 'DealerRankingMetric',
  description: 'What a dealer ranking ranks by (largest first; ties by dealer id).',
  valuesConfig: {
    NET: { description: 'Net sales (without VAT).' },
    UNITS: { description: 'Units.' },
    ORDERS: { description: 'Orders.' },
    GROWTH: { description: 'Net growth over the same period last year; dealers without last year’s sales last.' },
  },
});

/** Which dealers a ranking holds, by whom they buy from. */
export enum DealerRankingLevel {
  DIRECT = 'DIRECT',
  SUB_DEALER = 'SUB_DEALER',
}
registerEnumType(DealerRankingLevel, {
  name: 'DealerRankingLevel',
  description: 'Which purchases a dealer ranking counts, by who sold them.',
  valuesConfig: {
    DIRECT: { description: 'Purchases from the brand.' },
    SUB_DEALER: { description: 'Sub-dealers’ purchases from their parent dealers.' },
  },
});

@InputType({ description: 'What a dealer ranking covers; the viewer’s data scope always applies.' })
export class DealerRankingInput {
  @Field(() => String, {
    description: 'A business period key: "2026-03-01", "2026-W09", "2026-03", "2026-Q1" or "2026".',
  })
  period!: string;

  @Field(() => DealerRankingMetric, { nullable: true, description: 'What to rank by (default NET).' })
  metric?: DealerRankingMetric | null;

  @Field(() => ID, { nullable: true, description: 'Only dealers in this region’s subtree.' })
  regionId?: string | null;

  @Field(() => DealerRankingLevel, { nullable: true, description: 'Only these purchases (default: all).' })
  level?: DealerRankingLevel | null;
}
