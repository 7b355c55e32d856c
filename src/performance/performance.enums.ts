import { registerEnumType } from 'type-graphql';

export enum PerformanceSubjectKind {
  PRODUCT = 'PRODUCT',
  MANAGER = 'MANAGER',
  COHORT = 'COHORT',
}
registerEnumType(PerformanceSubjectKind, {
  name: 'PerformanceSubjectKind',
  description: 'What a performance figure describes.',
  valuesConfig: {
    PRODUCT: { description: 'One named product.' },
    MANAGER: { description: "A manager's products: an average, or a count of products past a threshold." },
    COHORT: { description: 'A group of managers or funds the source describes, e.g. 32 家百亿级量化私募.' },
  },
});

export enum PerformanceMetric {
  RETURN = 'RETURN',
  AVERAGE_RETURN = 'AVERAGE_RETURN',
  AGGREGATE_RETURN = 'AGGREGATE_RETURN',
  DRAWDOWN = 'DRAWDOWN',
  EXCESS_DRAWDOWN = 'EXCESS_DRAWDOWN',
  LOSS = 'LOSS',
  SHARE_WITH_POSITIVE_RETURN = 'SHARE_WITH_POSITIVE_RETURN',
}
registerEnumType(PerformanceMetric, {
  name: 'PerformanceMetric',
  description: 'Which measure of performance a figure gives.',
  valuesConfig: {
    RETURN: { description: '收益率: return over the period, in percent (negative for a loss).' },
    AVERAGE_RETURN: { description: '平均收益率: average return across products or managers.' },
    AGGREGATE_RETURN: { description: '整体收益率: return of the group taken as a whole.' },
    DRAWDOWN: { description: '回撤: fall from the peak, in percent (a positive number).' },
    EXCESS_DRAWDOWN: { description: '超额回撤: drawdown of the excess return over the benchmark.' },
    LOSS: { description: '亏损率 / 跌幅: loss over the period, in percent (a positive number).' },
    SHARE_WITH_POSITIVE_RETURN: { description: 'Percent of the group with a positive return.' },
  },
});

export enum Comparator {
  EQUAL = 'EQUAL',
  ABOVE = 'ABOVE',
  BELOW = 'BELOW',
  APPROXIMATELY = 'APPROXIMATELY',
}
registerEnumType(Comparator, {
  name: 'Comparator',
  description: 'How a figure relates to its value.',
  valuesConfig: {
    EQUAL: { description: 'Exactly the value.' },
    ABOVE: { description: 'More than the value (超过, 以上, 多只).' },
    BELOW: { description: 'Less than the value (以下).' },
    APPROXIMATELY: { description: 'About the value (左右, 接近, 上下).' },
  },
});

export enum FigureBasis {
  DATA_VENDOR = 'DATA_VENDOR',
  MANAGER_STATEMENT = 'MANAGER_STATEMENT',
  INDUSTRY_STATEMENT = 'INDUSTRY_STATEMENT',
  UNATTRIBUTED_STATISTICS = 'UNATTRIBUTED_STATISTICS',
}
registerEnumType(FigureBasis, {
  name: 'FigureBasis',
  description: 'Who stands behind a figure.',
  valuesConfig: {
    DATA_VENDOR: { description: 'A named data vendor (私募排排网, 好买基金网); see dataVendor.' },
    MANAGER_STATEMENT: { description: 'The manager or people close to it.' },
    INDUSTRY_STATEMENT: { description: 'Unnamed industry people quoted by the source.' },
    UNATTRIBUTED_STATISTICS: { description: 'Statistics the source gives without naming who compiled them (数据统计显示).' },
  },
});
