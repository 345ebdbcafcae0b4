import { memberAgency } from '../domain/chains/chain.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Chain } from '../schemas/chain.ts';
import type { Procedure } from '../schemas/procedure.ts';

type At = (path: PropertyKey[], label: string, message: string, fix?: string) => void;

/**
 * A chain's references (content/chains/, ADR 0021): members that are procedures of the
 * catalogue, each named once, stages that start at 1 without gaps, documents that name members
 * of the chain and forms of those members, every member with at least one document, and an agency
 * of every member for each commune where the chain can be filed (else a member could not start).
 */
export function checkChain(
  chain: Chain,
  byCode: ReadonlyMap<string, Procedure>,
  brokenCodes: ReadonlySet<string>,
  agencyBySlug: ReadonlyMap<string, Agency>,
  at: At,
): void {
  const codes = new Set<string>();
  chain.members.forEach((m, i) => {
    const label = `Thủ tục thành phần › mục ${i + 1} › Mã thủ tục`;
    if (codes.has(m.procedure)) {
      at(['members', i, 'procedure'], label, `thủ tục "${m.procedure}" ghi hai lần (duplicate)`);
    }
    codes.add(m.procedure);
    if (!byCode.has(m.procedure) && !brokenCodes.has(m.procedure)) {
      at(
        ['members', i, 'procedure'],
        label,
        `không có thủ tục mã "${m.procedure}" trong danh mục (unknown procedure)`,
        'Ghi mã của một thủ tục có trong content/procedures/.',
      );
    }
  });
  const stages = [...new Set(chain.members.map((m) => m.stage))].sort((a, b) => a - b);
  if (stages.some((stage, i) => stage !== i + 1)) {
    at(
      ['members'],
      'Thủ tục thành phần',
      `các bước ${stages.join(', ')} phải bắt đầu từ 1 và liên tiếp (stages)`,
      'Thủ tục làm trước ghi stage: 1, thủ tục làm sau ghi stage: 2.',
    );
  }
  const documented = new Set<string>();
  chain.documents.forEach((d, i) => {
    d.members.forEach((code, j) => {
      documented.add(code);
      if (!codes.has(code)) {
        at(
          ['documents', i, 'members', j],
          `Thành phần hồ sơ liên thông › mục ${i + 1} › Dùng cho thủ tục › mục ${j + 1}`,
          `"${code}" không phải thủ tục thành phần của liên thông này (unknown member)`,
          `Ghi một trong các mã: ${[...codes].join(', ')}.`,
        );
      }
    });
    if (d.form && !d.members.some((code) => byCode.get(code)?.forms.some((f) => f.id === d.form))) {
      at(
        ['documents', i, 'form'],
        `Thành phần hồ sơ liên thông › mục ${i + 1} › Mẫu đơn, tờ khai`,
        `không thủ tục thành phần nào có mẫu "${d.form}" (unknown form)`,
        'Ghi mã (id) của một mẫu trong danh sách forms của thủ tục thành phần.',
      );
    }
  });
  chain.members.forEach((m, i) => {
    if (!documented.has(m.procedure)) {
      at(
        ['members', i, 'procedure'],
        `Thủ tục thành phần › mục ${i + 1}`,
        `thủ tục "${m.procedure}" chưa có giấy tờ nào trong documents (no documents)`,
        'Thêm mã thủ tục này vào members của ít nhất một giấy tờ.',
      );
    }
  });
  const agenciesOf = (code: string) =>
    (byCode.get(code)?.agencies ?? [])
      .map((slug) => agencyBySlug.get(slug))
      .filter((a): a is Agency => a !== undefined);
  const first = chain.members.find((m) => m.stage === 1);
  const filedWith = first ? agenciesOf(first.procedure) : [];
  chain.members.forEach((m, i) => {
    if (m === first || !byCode.has(m.procedure)) return;
    const missing = filedWith.filter((a) => !memberAgency(agenciesOf(m.procedure), a.commune));
    if (missing.length > 0) {
      at(
        ['members', i, 'procedure'],
        `Thủ tục thành phần › mục ${i + 1}`,
        `thủ tục "${m.procedure}" không có cơ quan giải quyết cho hồ sơ nộp tại ${missing.map((a) => a.name).join(', ')} (no agency)`,
        'Thêm cơ quan của xã đó vào agencies của thủ tục thành phần, hoặc để thủ tục có đúng một cơ quan (ví dụ Bảo hiểm xã hội cơ sở).',
      );
    }
  });
}
