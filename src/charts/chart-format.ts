import { registerEnumType } from 'type-graphql';

/** The formats every chart is served in. */
export enum ChartFormat {
  SVG = 'SVG',
  PNG = 'PNG',
}
registerEnumType(ChartFormat, {
  name: 'ChartFormat',
  description: 'The format a chart is served in.',
  valuesConfig: {
    SVG: { description: 'SVG (image/svg+xml): text stays text, scales without loss; what a browser or a layout program should take.' },
    PNG: { description: 'PNG (image/png) at twice the SVG size, for content systems that refuse SVG; CJK text drawn with WenQuanYi Zen Hei.' },
  },
});

/** The file extension of a format in a chart's path. */
export const chartExtension = (format: ChartFormat) => format.toLowerCase();

/** The path of a manager's timeline chart, relative to the API's origin. */
export const managerChartPath = (slug: string, format: ChartFormat) => `/charts/manager/${slug}/timeline.${chartExtension(format)}`;

/** The path of a market-data window's chart; `id` is the window's global id. */
export const windowChartPath = (id: string, format: ChartFormat) => `/charts/window/${id}.${chartExtension(format)}`;
