import { Instrument } from '../../src/market/market.entity';
import { create, CompileContext } from '../compile-context';
import { InstrumentsFiling } from '../filing-schema';
import { Located } from '../seed-types';

/** Instruments (indexes), each listed on an exchange that is an authority. */
export function compileInstruments({ define, ref, cite, rows }: CompileContext, { file, filing }: Located<InstrumentsFiling>): void {
  filing.instruments.forEach((inst, i) => {
    define('instrument', inst.code, file, `instruments[${i}].code`);
    ref('authority', inst.exchange, file, `instruments[${i}].exchange`);
    rows.instruments.push(
      create(Instrument, { code: inst.code, nameZh: inst.nameZh, nameEn: inst.nameEn ?? null, exchangeCode: inst.exchange, kind: inst.kind }),
    );
    cite('Instrument', inst.code, inst.sources, file, `instruments[${i}].sources`);
  });
}
