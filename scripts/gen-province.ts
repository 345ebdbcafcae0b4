/**
 * `npm run gen:province -- --units 65 --procedures 2000 --out /tmp/tinh-65`
 *
 * Writes a synthetic province's content directory (scripts/lib/synthetic.ts): commune-level
 * units and their agencies through gen:units' own code, ten departments, and procedures
 * spread over the province and commune levels. Serve it with
 * `CONTENT_DIR=/tmp/tinh-65 npm start`. Deterministic for given sizes and --seed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticProvince } from './lib/synthetic.ts';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '65' },
    procedures: { type: 'string', default: '2000' },
    out: { type: 'string' },
    seed: { type: 'string' },
  },
});
const units = Number(values.units);
const procedures = Number(values.procedures);
if (!values.out) {
  console.error('✗ Cần --out <thư mục mới>, ví dụ --out /tmp/tinh-65.');
  process.exit(1);
}
const out = resolve(values.out);
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`✗ ${out} đã có nội dung: chọn một thư mục mới (gen:province không ghi đè).`);
  process.exit(1);
}
if (!Number.isInteger(units) || units < 1 || !Number.isInteger(procedures) || procedures < 1) {
  console.error('✗ --units và --procedures là số nguyên dương.');
  process.exit(1);
}
const started = performance.now();
const province = writeSyntheticProvince(out, {
  units,
  procedures,
  ...(values.seed ? { seed: Number(values.seed) } : {}),
});
console.log(
  `✓ Tỉnh ${province.province.name} (giả lập): ${units} đơn vị cấp xã, ${procedures} thủ tục trong ${out} (${Math.round(performance.now() - started)} ms).`,
);
console.log(`  Kiểm tra: npm run check:content -- --dir ${out}`);
console.log(`  Chạy thử: CONTENT_DIR=${out} npm start`);
