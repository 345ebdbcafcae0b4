import type { IndicatorFramework, IndicatorGroupKey } from '../../schemas/indicators.ts';
import type { PaknSummary } from '../pakn/pakn.ts';
import { MIN_EVALUATIONS, onTimePoints, type Summary, share } from './metrics.ts';

/**
 * The indicator framework's groups (content/indicators.yaml) as far as this system's data
 * computes them. A group the data cannot measure is named, with the reason, never scored.
 * Each figure says how it is computed; docs/chi-so-thong-ke.md holds the same formulas.
 */

export type FigureKind = 'share' | 'score5';

export interface IndicatorFigure {
  label: string;
  kind: FigureKind;
  /** A share (0–1) or a mean on the 5-level scale; null when there is nothing to count. */
  value: number | null;
  /** What the share counts: part of whole. */
  part?: number;
  whole?: number;
  formula: string;
  /** Why the value is missing or partial, when it is. */
  note?: string;
}

export interface IndicatorGroupReport {
  key: IndicatorGroupKey;
  title: string;
  maxPoints: number;
  figures: IndicatorFigure[];
  /** Points only where the formula is known to this system; otherwise absent. */
  points?: { value: number | null; formula: string };
  /** Set when the group cannot be computed from this system's data: the reason. */
  notComputed?: string;
}

export interface FrameworkReport {
  name: string;
  basis: string;
  groups: IndicatorGroupReport[];
}

/** What the catalogue and the counters add to the period's summary. */
export interface IndicatorContext {
  /** Active procedures in scope, and those taking online dossiers end to end or in part. */
  procedures: { total: number; fullOnline: number; partOnline: number };
  /**
   * Online dossiers received in the period by the procedure's online level; null when the
   * scope's counters do not keep procedures (a commune's applicants).
   */
  onlineByLevel: { full: number; part: number } | null;
  /**
   * Dossiers whose current electronic result (ADR 0020) was issued in the period, within the
   * scope; counted from the result files, not the monthly counters.
   */
  electronicResults: number;
  /** From the framework: dossiers sent back for papers more than once count as late. */
  repeatedSupplementIsLate: boolean;
  /** Phản ánh, kiến nghị of the period; absent or null when the scope has none (a commune's applicants). */
  pakn?: PaknSummary | null | undefined;
}

const figure = (
  label: string,
  part: number,
  whole: number,
  formula: string,
  note?: string,
): IndicatorFigure => ({
  label,
  kind: 'share',
  value: share(part, whole),
  part,
  whole,
  formula,
  ...(note ? { note } : {}),
});

function group(
  key: IndicatorGroupKey,
  s: Summary,
  ctx: IndicatorContext,
  maxPoints: number,
): Pick<IndicatorGroupReport, 'figures' | 'points' | 'notComputed'> {
  switch (key) {
    case 'cong-khai':
      return {
        figures: [],
        notComputed:
          'Chưa tính được: nhóm này đo việc công khai thủ tục trên Cơ sở dữ liệu quốc gia về thủ tục hành chính và Cổng Dịch vụ công quốc gia, hệ thống này chưa kết nối.',
      };
    case 'tien-do': {
      // Dossiers sent back for papers more than once count as late here when the framework says so.
      const repeated = ctx.repeatedSupplementIsLate;
      const inTime = s.early + s.onTime - (repeated ? s.resupplied : 0);
      return {
        figures: [
          figure(
            'Hồ sơ giải quyết trước hạn và đúng hạn',
            inTime,
            s.finished,
            repeated
              ? 'Số hồ sơ kết thúc xử lý trước hoặc đúng ngày hẹn trả theo quy định, trừ hồ sơ phải yêu cầu bổ sung quá một lần, ÷ số hồ sơ kết thúc xử lý trong kỳ.'
              : 'Số hồ sơ kết thúc xử lý trước hoặc đúng ngày hẹn trả theo quy định ÷ số hồ sơ kết thúc xử lý trong kỳ.',
          ),
          figure(
            'Hồ sơ phải yêu cầu bổ sung quá một lần (kết thúc trước hạn, đúng hạn)',
            s.resupplied,
            s.finished,
            'Số hồ sơ kết thúc trước hoặc đúng ngày hẹn nhưng đã bị yêu cầu bổ sung từ hai lần trở lên ÷ số hồ sơ kết thúc xử lý trong kỳ.',
          ),
        ],
        points: {
          value: onTimePoints(inTime, s.finished, maxPoints),
          formula: `Điểm tạm tính = ${maxPoints} × tỷ lệ hồ sơ trước hạn và đúng hạn; công thức chấm điểm chính thức chưa được đối chiếu.`,
        },
      };
    }
    case 'truc-tuyen': {
      const figures = [
        figure(
          'Thủ tục nhận hồ sơ trực tuyến toàn trình',
          ctx.procedures.fullOnline,
          ctx.procedures.total,
          'Số thủ tục đang áp dụng cho phép nộp và nhận kết quả trực tuyến toàn trình ÷ số thủ tục đang áp dụng.',
        ),
        figure(
          'Thủ tục nhận hồ sơ trực tuyến một phần',
          ctx.procedures.partOnline,
          ctx.procedures.total,
          'Số thủ tục đang áp dụng cho phép nộp trực tuyến một phần ÷ số thủ tục đang áp dụng.',
        ),
        figure(
          'Hồ sơ nộp trực tuyến',
          s.receivedOnline,
          s.received,
          'Số hồ sơ nộp trực tuyến ÷ số hồ sơ tiếp nhận trong kỳ.',
        ),
      ];
      const byLevel = ctx.onlineByLevel;
      const splitNote =
        'Chưa tách được theo mức độ trực tuyến cho phạm vi một xã: số liệu theo xã không ghi thủ tục.';
      figures.push(
        byLevel
          ? figure(
              'Trong đó nộp cho thủ tục toàn trình',
              byLevel.full,
              s.receivedOnline,
              'Số hồ sơ trực tuyến của thủ tục toàn trình (theo danh mục hiện hành) ÷ số hồ sơ nộp trực tuyến.',
            )
          : {
              label: 'Trong đó nộp cho thủ tục toàn trình',
              kind: 'share',
              value: null,
              formula:
                'Số hồ sơ trực tuyến của thủ tục toàn trình (theo danh mục hiện hành) ÷ số hồ sơ nộp trực tuyến.',
              note: splitNote,
            },
      );
      return { figures };
    }
    case 'thanh-toan':
      return {
        figures: [],
        notComputed:
          'Chưa tính được: hệ thống chưa kết nối thanh toán trực tuyến; phí, lệ phí đang được ghi nhận khi nộp tại quầy.',
      };
    case 'so-hoa':
      return {
        figures: [
          figure(
            'Hồ sơ được số hóa',
            s.digitised,
            s.received,
            'Số hồ sơ tiếp nhận trong kỳ có giấy tờ lưu dưới dạng tệp (tải lên khi nộp trực tuyến hoặc chụp tại quầy) ÷ số hồ sơ tiếp nhận trong kỳ.',
          ),
          figure(
            'Kết quả giải quyết cấp dạng điện tử',
            ctx.electronicResults,
            s.resolved,
            'Số hồ sơ có tệp kết quả điện tử (bản PDF đã ký số do cơ quan có thẩm quyền ban hành) với ngày ban hành trong kỳ ÷ số hồ sơ giải quyết có kết quả trong kỳ.',
          ),
        ],
      };
    case 'hai-long': {
      const e = s.satisfaction;
      const suppressed = e.suppressed
        ? `Chưa công bố: dưới ${MIN_EVALUATIONS} lượt đánh giá.`
        : undefined;
      return {
        figures: [
          {
            label: 'Người đánh giá hài lòng hoặc rất hài lòng',
            kind: 'share',
            value: e.satisfiedShare,
            formula: 'Số lượt đánh giá “hài lòng” hoặc “rất hài lòng” ÷ số lượt đánh giá trong kỳ.',
            ...(suppressed ? { note: suppressed } : {}),
          },
          {
            label: 'Điểm hài lòng trung bình',
            kind: 'score5',
            value: e.average,
            formula:
              'Trung bình các lượt đánh giá, thang 5 mức (5 rất hài lòng … 1 rất không hài lòng).',
            ...(suppressed ? { note: suppressed } : {}),
          },
          ...paknFigures(ctx.pakn),
        ],
      };
    }
  }
}

/** The satisfaction group's two PAKN indicators: answered on time, and satisfied with the answer. */
function paknFigures(p: PaknSummary | null | undefined): IndicatorFigure[] {
  if (!p) return [];
  const few = p.ratingsSuppressed;
  return [
    figure(
      'Phản ánh, kiến nghị được trả lời đúng hạn',
      p.answeredOnTime,
      p.answered + p.overdue,
      'Số phản ánh, kiến nghị trả lời trong thời hạn ÷ (số đã trả lời + số chưa trả lời đã quá hạn), theo ngày gửi trong kỳ.',
    ),
    few
      ? {
          label: 'Người gửi hài lòng với câu trả lời phản ánh, kiến nghị',
          kind: 'share',
          value: null,
          formula: 'Số đánh giá “hài lòng” ÷ số câu trả lời được đánh giá.',
          note: `Chưa công bố: dưới ${MIN_EVALUATIONS} câu trả lời được đánh giá.`,
        }
      : figure(
          'Người gửi hài lòng với câu trả lời phản ánh, kiến nghị',
          p.ratings['hai-long'],
          p.rated,
          'Số đánh giá “hài lòng” ÷ số câu trả lời được đánh giá.',
        ),
  ];
}

/** The framework's groups, in its order, computed from the summary and the context. */
export function frameworkReport(
  framework: IndicatorFramework,
  summary: Summary,
  ctx: Omit<IndicatorContext, 'repeatedSupplementIsLate'>,
): FrameworkReport {
  return {
    name: framework.name,
    basis: framework.basis,
    groups: framework.groups.map((g) => ({
      key: g.key,
      title: g.title,
      maxPoints: g.maxPoints,
      ...group(
        g.key,
        summary,
        { ...ctx, repeatedSupplementIsLate: framework.repeatedSupplementIsLate },
        g.maxPoints,
      ),
    })),
  };
}
