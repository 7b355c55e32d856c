import { registerEnumType } from 'type-graphql';

export enum EventType {
  EXCHANGE_PENALTY = 'EXCHANGE_PENALTY',
  TRADING_SUSPENSION = 'TRADING_SUSPENSION',
  LIQUIDATION_NOTICE = 'LIQUIDATION_NOTICE',
  REGULATORY_MEASURE = 'REGULATORY_MEASURE',
  PERFORMANCE_DISCLOSURE = 'PERFORMANCE_DISCLOSURE',
  MARKET_RUMOR = 'MARKET_RUMOR',
}
registerEnumType(EventType, {
  name: 'EventType',
  description: 'The kinds of event the knowledge base records.',
  valuesConfig: {
    EXCHANGE_PENALTY: {
      description: 'A disciplinary sanction or self-regulatory measure by an exchange (公开谴责, 书面警示 …), other than a trading suspension.',
    },
    TRADING_SUSPENSION: { description: 'An exchange suspends or restricts trading by an account holder for N trading days (暂停交易).' },
    LIQUIDATION_NOTICE: { description: 'A manager resolves to dissolve (解散), or a product is liquidated (清盘).' },
    REGULATORY_MEASURE: {
      description: 'A measure by the CSRC, a local bureau, AMAC or local enforcement: order to correct, filing suspension, enforcement visit, window guidance.',
    },
    PERFORMANCE_DISCLOSURE: { description: 'Returns or drawdowns for a period, as of a date, per a data vendor or a statement.' },
    MARKET_RUMOR: { description: 'A rumour about managers, with its status and the denials.' },
  },
});

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
  APPROXIMATE = 'APPROXIMATE',
}
registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How exactly the source dates an event.',
  valuesConfig: {
    DAY: { description: 'The source gives the day.' },
    MONTH: { description: 'The source gives the month only (2023 年 8 月); `date` is the first of the month.' },
    YEAR: { description: 'The source gives the year only; `date` is 1 January.' },
    APPROXIMATE: { description: 'The source gives no date; `date` is where the curator places the event, and `dateNote` says why.' },
  },
});

export enum Measure {
  PUBLIC_REPRIMAND = 'PUBLIC_REPRIMAND',
  CIRCULATED_CRITICISM = 'CIRCULATED_CRITICISM',
  WRITTEN_WARNING = 'WRITTEN_WARNING',
  ORAL_WARNING = 'ORAL_WARNING',
  REGULATORY_TALK = 'REGULATORY_TALK',
  WARNING_LETTER = 'WARNING_LETTER',
  ORDER_TO_CORRECT = 'ORDER_TO_CORRECT',
  TRADING_SUSPENSION = 'TRADING_SUSPENSION',
  FILING_SUSPENSION = 'FILING_SUSPENSION',
  ENFORCEMENT_VISIT = 'ENFORCEMENT_VISIT',
  WINDOW_GUIDANCE = 'WINDOW_GUIDANCE',
}
registerEnumType(Measure, {
  name: 'Measure',
  description: 'What an authority did.',
  valuesConfig: {
    PUBLIC_REPRIMAND: { description: '公开谴责: public reprimand, a disciplinary sanction.' },
    CIRCULATED_CRITICISM: { description: '通报批评: circulated criticism, a disciplinary sanction.' },
    WRITTEN_WARNING: { description: '书面警示: written warning, a self-regulatory measure.' },
    ORAL_WARNING: { description: '口头警示: oral warning.' },
    REGULATORY_TALK: { description: '监管谈话: regulatory talk.' },
    WARNING_LETTER: { description: '警示函: warning letter, an administrative measure.' },
    ORDER_TO_CORRECT: { description: '责令改正: order to correct, an administrative measure.' },
    TRADING_SUSPENSION: { description: '暂停交易: suspension of trading for N trading days.' },
    FILING_SUSPENSION: { description: '暂停受理私募基金产品备案: suspension of product filings for N months (AMAC).' },
    ENFORCEMENT_VISIT: { description: 'An inspection or enquiry on site by enforcement officers.' },
    WINDOW_GUIDANCE: { description: '窗口指导: informal instruction from a regulator.' },
  },
});

export enum MeasureCategory {
  DISCIPLINARY_SANCTION = 'DISCIPLINARY_SANCTION',
  SELF_REGULATORY_MEASURE = 'SELF_REGULATORY_MEASURE',
  ADMINISTRATIVE_MEASURE = 'ADMINISTRATIVE_MEASURE',
  ENFORCEMENT = 'ENFORCEMENT',
  INFORMAL_GUIDANCE = 'INFORMAL_GUIDANCE',
}
registerEnumType(MeasureCategory, {
  name: 'MeasureCategory',
  description: 'The legal family a measure belongs to.',
  valuesConfig: {
    DISCIPLINARY_SANCTION: { description: '纪律处分, by an exchange or AMAC.' },
    SELF_REGULATORY_MEASURE: { description: '(自律)监管措施, by an exchange or AMAC.' },
    ADMINISTRATIVE_MEASURE: { description: '行政监管措施, by the CSRC or a local bureau.' },
    ENFORCEMENT: { description: 'Enforcement by other public bodies, e.g. market supervision.' },
    INFORMAL_GUIDANCE: { description: 'Informal instruction such as 窗口指导.' },
  },
});

export enum SanctionStage {
  INITIATED = 'INITIATED',
  DECIDED = 'DECIDED',
}
registerEnumType(SanctionStage, {
  name: 'SanctionStage',
  description: 'Where a sanction stands.',
  valuesConfig: {
    INITIATED: { description: 'The procedure has been started (启动…纪律处分程序); no decision yet.' },
    DECIDED: { description: 'The measure has been decided or taken (作出…决定, 采取…措施).' },
  },
});

export enum LiquidationKind {
  MANAGER_DISSOLUTION = 'MANAGER_DISSOLUTION',
  PRODUCT_LIQUIDATION = 'PRODUCT_LIQUIDATION',
}
registerEnumType(LiquidationKind, {
  name: 'LiquidationKind',
  description: 'Whether a manager or a product is being wound up.',
  valuesConfig: {
    MANAGER_DISSOLUTION: { description: 'The manager resolved to dissolve (解散), formed a liquidation group (清算组) and will deregister (注销).' },
    PRODUCT_LIQUIDATION: { description: 'A product is liquidated (清盘).' },
  },
});

export enum RumorStatus {
  DENIED = 'DENIED',
  PARTLY_CONFIRMED = 'PARTLY_CONFIRMED',
  EXAGGERATED = 'EXAGGERATED',
  UNVERIFIED = 'UNVERIFIED',
}
registerEnumType(RumorStatus, {
  name: 'RumorStatus',
  description: 'What became of a rumour, as the sources report it.',
  valuesConfig: {
    DENIED: { description: 'Denied by the firms concerned or people close to them.' },
    PARTLY_CONFIRMED: { description: 'Part of it was confirmed by the source; part was not.' },
    EXAGGERATED: { description: 'The source judges it largely exaggerated (多有夸张).' },
    UNVERIFIED: { description: 'Neither confirmed nor denied in the sources.' },
  },
});
