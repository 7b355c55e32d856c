const { Sql } = require('./dist/src/core/sql');
const R = require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner');
const t = new Map();
const wrap = (obj, name, label) => { const orig = obj[name]; obj[name] = async function (sql, ...rest) { const s = performance.now(); const r = await orig.call(this, sql, ...rest); const k = label + ' ' + sql.replace(/\s+/g, ' ').slice(0, 110); const e = t.get(k) || [0, 0]; e[0] += performance.now() - s; e[1]++; t.set(k, e); return r; }; };
wrap(Sql.prototype, 'all', 'SQL');
wrap(R.BetterSqlite3QueryRunner.prototype, 'query', 'ORM');
process.on('exit', () => console.log([...t].sort((a, b) => b[1][0] - a[1][0]).slice(0, 14).map(([k, v]) => v[0].toFixed(0) + 'ms ' + v[1] + 'x ' + k).join('\n')));
require('./prof-tmp.js');
