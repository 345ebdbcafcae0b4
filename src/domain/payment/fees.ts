/**
 * What a dossier owes, from the procedure's fee facts (content/procedures/*.md `fees`) for the
 * channel it came through. Pure. The officer asking for payment confirms the amount (the
 * number of copies, pages or cases is theirs to count); this only says whether anything is
 * charged at all, and the amount when the facts name one single amount.
 */
import type { FeeItem } from '../../schemas/procedure.ts';
import { CHANNEL, type ChannelCode } from '../dossier/status.ts';
import { formatVnd } from '../format.ts';

type ChannelType = NonNullable<FeeItem['channels']>[number];

const CHANNEL_TYPES: Record<ChannelCode, ChannelType> = {
  [CHANNEL.COUNTER]: 'truc-tiep',
  [CHANNEL.ONLINE]: 'truc-tuyen',
  [CHANNEL.POST]: 'buu-chinh',
};

export type FeeDue =
  /** No fee for this channel, or every case is exempt: no payment request. */
  | { kind: 'free' }
  /** One amount per unit (`unit`, e.g. "bản"): the officer multiplies by the count. */
  | { kind: 'fixed'; amount: number; unit?: string | undefined }
  /** Several cases, tiers, or an amount the province sets: the officer states it. */
  | { kind: 'officer' };

type FeeFacts = Pick<FeeItem, 'exempt' | 'amount' | 'tiers' | 'unit' | 'channels'>;

export function feeDue(fees: readonly FeeFacts[], channel: ChannelCode): FeeDue {
  const type = CHANNEL_TYPES[channel];
  const charged = fees.filter(
    (f) => !f.exempt && (f.channels === undefined || f.channels.includes(type)),
  );
  if (charged.length === 0) return { kind: 'free' };
  const [only] = charged;
  if (charged.length === 1 && only?.amount !== undefined && !only.tiers) {
    return { kind: 'fixed', amount: only.amount, unit: only.unit };
  }
  return { kind: 'officer' };
}

/** The receipt's line on fees: what the procedure charges, and where the amount due will be told. */
export function feeDueText(due: FeeDue): string {
  if (due.kind === 'free') return 'Không thu phí, lệ phí.';
  const rate =
    due.kind === 'fixed'
      ? `${formatVnd(due.amount)}${due.unit ? `/${due.unit}` : ''}`
      : 'Tùy trường hợp';
  return `${rate}. Khi cơ quan giải quyết yêu cầu nộp, số tiền và cách nộp (trực tuyến, chuyển khoản có mã QR, hoặc tại quầy) hiện trên trang tra cứu hồ sơ.`;
}
