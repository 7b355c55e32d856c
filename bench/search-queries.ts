import { prng, VOCABULARY } from './synthetic-corpus';

/** The queries by kind: one character, two by frequency rank, phrases, Latin words, figures, two terms. */
export function queryMix(): Record<string, string[]> {
  // Two-character words by frequency rank in the Zipf draw: the head is in most passages, the tail in few.
  const twoCharAt = (from: number) =>
    VOCABULARY.slice(from)
      .filter((w) => [...w].length === 2)
      .slice(0, 10);
  const random = prng(7);
  const figures = Array.from({ length: 20 }, () => (random() * 100).toFixed(2));
  return {
    'one character': ['量', '基', '汯', '崚', '敲', '瓦', '贴', '均', '坤', '险'],
    'two characters, head (rank < 15)': twoCharAt(0),
    'two characters, rank ~100': twoCharAt(100),
    'two characters, rank ~1,000': twoCharAt(1000),
    'two characters, tail (rank ~5,000)': twoCharAt(5000),
    'phrase (4+ characters)': ['公开谴责', '程序化交易', '暂停交易', '窗口指导', '冰火两重天', '基金业协会', '异常交易', '书面警示', '中证1000', '私募排排网'],
    'Latin word': ['DMA', 'Lingjun', 'ubiquant', 'high-flyer', 'lingj'],
    figure: figures,
    'two terms': ['灵均 暂停交易', '明汯 回撤', 'DMA 清盘', '九坤 收益率', '上交所 公开谴责'],
    // Stemmed English and the glossary's English, which expands to the Chinese of the corpus.
    'English (stems, glossary)': [
      'suspended',
      'public reprimand',
      'trading suspension',
      'Shanghai Stock Exchange',
      'window guidance',
      'knock-in',
      'leverage',
      'liquidation',
      'drawdowns',
      'lingjun',
    ],
    operators: ['灵均 OR 明汯', '公开谴责 -明汯', '"暂停交易" 灵均', 'DMA -雪球', 'snowball OR basis'],
  };
}
