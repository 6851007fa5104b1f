/** English strings of the reports pages (the distribution flow). */
const reportsEn = {
  nav: {
    distribution: 'Distribution flow',
  },
  distribution: {
    title: 'Distribution flow',
    subtitle:
      'Sell-in (what each level buys from the brand) and sell-through (what each level sells on to the level ' +
      'below), from the shipments that left in the month.',
    filters: 'Report filters',
    period: 'Month',
    region: 'Region',
    allRegions: 'Every region you oversee',
    sellIn: 'Sell-in',
    sellThrough: 'Sell-through',
    sellInHint: 'Brand → dealers, shipped in {period}',
    sellThroughHint: 'Dealers → their sub-dealers, shipped in {period}',
    chartTitle: 'Value shipped per buyer level',
    chartSubtitle: 'One bar per seller: the brand or a dealer level',
    chartLabel: 'Bar chart of the value shipped in {period} per buyer level and seller',
    tableTitle: 'Flows of the month',
    tableCaption: 'Distribution flow of {period}',
    kind: 'Flow',
    seller: 'Seller',
    buyer: 'Buyer',
    orders: 'Orders',
    units: 'Units',
    value: 'Value (incl. VAT)',
    total: 'Total {kind}',
    empty: 'Nothing was shipped in {period}.',
  },
  levels: {
    BRAND: 'Brand',
    NATIONAL_AGENT: 'National agent',
    PROVINCIAL_AGENT: 'Provincial agent',
    REGIONAL_DEALER: 'Regional dealer',
    RETAILER: 'Retailer',
    UNKNOWN: 'Level not recorded',
  },
};

export default reportsEn;
