import { formatDateWithWeekday } from '../format.ts';

/**
 * What the citizen is told, and when (NĐ 61/2018 Art. 17: notify by email or SMS
 * on reception, supplement requests, apologies and results). Short enough for SMS.
 */

export type MessageKind = 'received' | 'supplement' | 'refused' | 'apology' | 'result-ready';

export interface MessageContext {
  code: string;
  procedureTitle: string;
  deskName: string;
  dueDate: string;
  hotline: string;
}

export function composeMessage(
  kind: MessageKind,
  ctx: MessageContext,
  detail?: string,
): { subject: string; body: string } {
  const ref = `Hồ sơ ${ctx.code} (${ctx.procedureTitle})`;
  switch (kind) {
    case 'received':
      return {
        subject: `Đã tiếp nhận hồ sơ ${ctx.code}`,
        body: `${ref} đã được tiếp nhận. Ngày hẹn trả kết quả: ${formatDateWithWeekday(ctx.dueDate)}, tại ${ctx.deskName}.`,
      };
    case 'supplement':
      return {
        subject: `Cần bổ sung hồ sơ ${ctx.code}`,
        body: `${ref} cần bổ sung: ${detail ?? ''}. Vui lòng bổ sung một lần tại ${ctx.deskName}. Hỏi thêm: ${ctx.hotline}.`,
      };
    case 'refused':
      return {
        subject: `Hồ sơ ${ctx.code} không được tiếp nhận`,
        body: `${ref} không được tiếp nhận. Lý do: ${detail ?? ''}.`,
      };
    case 'apology':
      return {
        subject: `Xin lỗi về việc trễ hẹn hồ sơ ${ctx.code}`,
        body: `Chúng tôi xin lỗi vì ${ref} không kịp trả đúng hẹn. ${detail ?? ''} Ngày hẹn mới: ${formatDateWithWeekday(ctx.dueDate)}.`,
      };
    case 'result-ready':
      return {
        subject: `Đã có kết quả hồ sơ ${ctx.code}`,
        body: `${ref} đã có kết quả. Mời ông/bà đến nhận tại ${ctx.deskName}.`,
      };
  }
}

/** Which message, if any, an action sends. */
export function messageFor(action: string): MessageKind | undefined {
  return (
    {
      receive: 'received',
      'request-supplement': 'supplement',
      refuse: 'refused',
      apologize: 'apology',
      process: 'result-ready',
    } as Record<string, MessageKind>
  )[action];
}
