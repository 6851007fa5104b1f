// Only the ECharts modules the console draws with (keeps the charts chunk small).
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

use([CanvasRenderer, LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export { default as VChart } from 'vue-echarts';

export const CHART_COLORS = { amount: '#2563eb', orders: '#93c5fd', region: '#1e40af' };

/** One colour per seller in the distribution flow chart: the brand, then each dealer level down the network. */
export const FLOW_COLORS: Record<string, string> = {
  BRAND: '#2563eb',
  NATIONAL_AGENT: '#1e3a8a',
  PROVINCIAL_AGENT: '#0d9488',
  REGIONAL_DEALER: '#f59e0b',
  RETAILER: '#94a3b8',
  UNKNOWN: '#cbd5e1',
};
