import type priceControlEn from './price-control.en';

/** 控价页面的中文文案（最低零售价、乱价）。 */
const priceControlZhCN: typeof priceControlEn = {
  nav: {
    violations: '乱价监控',
    minimumPrices: '最低零售价',
  },
  all: '全部',
  region: '区域',
  dealer: '经销商',
  product: '商品',
  status: '状态',
  source: '来源',
  from: '发现起始日',
  to: '发现截止日',
  raisedAt: '发现时间',
  price: '零售价',
  minimum: '最低价',
  minimumYuan: '最低零售价（元）',
  validFrom: '生效日（营业日）',
  validTo: '截止日（营业日，含当日）',
  validity: '有效期',
  openEnded: '长期',
  pickRegion: '选择区域',
  actions: '操作',
  acknowledge: '确认跟进',
  resolve: '处理完毕',
  remove: '删除',
  setMinimum: '设置最低零售价',
  saved: '最低零售价已设置。',
  statuses: { OPEN: '待处理', ACKNOWLEDGED: '跟进中', RESOLVED: '已解决' },
  sources: { REPORT: '上报', SCAN: '扫码销售' },
  violations: {
    title: '乱价监控',
    subtitle: '低于最低零售价的零售价格，按经销商、商品、区域和营业日记录。',
    list: '乱价记录',
    count: '共 {count} 条',
    empty: '没有符合条件的乱价记录。',
  },
  summary: {
    byRegion: '按区域',
    byDealer: '按经销商',
    count: '次数',
    unresolved: '未解决',
    empty: '暂无数据。',
  },
  minimumPrices: {
    title: '最低零售价',
    subtitle: '每个商品在各区域（含下级区域，除非下级另有设置）的最低零售价。',
    count: '共 {count} 条',
    empty: '尚未设置最低零售价。',
  },
  errors: {
    INVALID_AMOUNT: '请输入金额，例如 59 或 59.90。',
    PRICE_NOT_POSITIVE: '最低价须大于零。',
    PRODUCT_UNKNOWN: '请选择已有商品。',
    REGION_UNKNOWN: '请选择已有区域。',
    INVALID_VALIDITY: '截止日须晚于生效日。',
  },
};

export default priceControlZhCN;
