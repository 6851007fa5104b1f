import type reportsEn from './reports.en';

/** 报表页面的中文文案（渠道流向）。 */
const reportsZhCN: typeof reportsEn = {
  nav: {
    distribution: '渠道流向',
  },
  distribution: {
    title: '渠道流向',
    subtitle: '进货（各级从品牌方进货）与出货/流向（各级向下一级分销），按当月发出的货物统计。',
    filters: '报表筛选',
    period: '月份',
    region: '区域',
    allRegions: '权限内全部区域',
    sellIn: '进货',
    sellThrough: '出货/流向',
    sellInHint: '品牌方 → 经销商，{period} 发货',
    sellThroughHint: '经销商 → 下级经销商，{period} 发货',
    chartTitle: '按买方层级的发货金额',
    chartSubtitle: '每个卖方一根柱：品牌方或某一级经销商',
    chartLabel: '{period} 按买方层级和卖方的发货金额柱状图',
    tableTitle: '当月流向',
    tableCaption: '{period} 渠道流向',
    kind: '类型',
    seller: '卖方',
    buyer: '买方',
    orders: '订单数',
    units: '数量',
    value: '金额（含税）',
    total: '{kind}合计',
    empty: '{period} 没有发货记录。',
  },
  levels: {
    BRAND: '品牌方',
    NATIONAL_AGENT: '全国总代',
    PROVINCIAL_AGENT: '省级代理',
    REGIONAL_DEALER: '区域经销商',
    RETAILER: '零售商',
    UNKNOWN: '未记录层级',
  },
};

export default reportsZhCN;
