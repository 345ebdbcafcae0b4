import { ROLE_LABELS, ROLES, type Role } from './auth/roles.ts';
import { ACTION_LABELS, type ActionName } from './dossier/lifecycle.ts';
import { isStatusCode, STATUS_NAMES } from './dossier/status.ts';

/**
 * The audit trail as an administrator reads it (`/can-bo/nhat-ky`): each stored action
 * and detail in Vietnamese words. The trail keeps its stable internal values (an action
 * name, `receive: 1 → 2`, `so-theo-doi 2026-12`); only the page translates them.
 */

export const AUDIT_ACTIONS: Record<string, string> = {
  login: 'Đăng nhập',
  'login-failed': 'Đăng nhập sai',
  'login-locked': 'Đăng nhập khi tài khoản bị khóa',
  logout: 'Đăng xuất',
  'view-personal-data': 'Xem dữ liệu cá nhân',
  'view-attachment': 'Tải tệp đính kèm',
  transition: 'Chuyển trạng thái hồ sơ',
  'stop-request-refused': 'Không chấp nhận yêu cầu dừng giải quyết',
  'register-counter': 'Tiếp nhận tại quầy',
  'export-csv': 'Xuất CSV',
  'view-book': 'Xem sổ theo dõi',
  'print-form': 'In phiếu',
  'account-created': 'Tạo tài khoản',
  'account-deactivated': 'Khóa tài khoản',
  'account-activated': 'Mở khóa tài khoản',
  'password-reset': 'Đặt lại mật khẩu',
  'password-changed': 'Đổi mật khẩu',
  'api-key-created': 'Cấp khóa API',
  'api-key-revoked': 'Thu hồi khóa API',
  'retention-purge': 'Xóa dữ liệu cá nhân hết hạn lưu trữ',
  'dvcqg-resend': 'Gửi lại thay đổi trạng thái lên Cổng DVCQG',
  'attach-result': 'Đính kèm tệp kết quả điện tử',
  'replace-result': 'Thay tệp kết quả điện tử',
  'view-result': 'Xem tệp kết quả điện tử',
  'retention-results': 'Xóa tệp kết quả hết thời hạn lưu',
};

const statusName = (text: string): string => {
  const n = Number(text);
  return isStatusCode(n) ? STATUS_NAMES[n] : text;
};

const isAction = (name: string): name is ActionName => Object.hasOwn(ACTION_LABELS, name);

/** `2026-12` → `tháng 12/2026`; anything else as it is. */
const month = (text: string): string => {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  return m ? `tháng ${m[2]}/${m[1]}` : text;
};

/**
 * The target of an entry in words: the book of a month (`so-theo-doi 2026-12`) as
 * "Sổ theo dõi tháng 12/2026", the queue export as "Hàng đợi hồ sơ"; a dossier code or a
 * user name as it is.
 */
export function describeAuditTarget(target: string | null): string {
  if (!target) return '';
  const book = /^so-theo-doi (\S+)$/.exec(target);
  if (book) return `Sổ theo dõi ${month(book[1] as string)}`;
  if (target === 'queue') return 'Hàng đợi hồ sơ';
  return target;
}

/**
 * The detail of an entry in words. A status change `apologize: 4 → 4` becomes
 * "Xin lỗi và hẹn lại ngày trả kết quả (Đang xử lý)" (the status named once when it did
 * not change) and `payment-received: 6 → 4` "Xác nhận đã thực hiện nghĩa vụ tài chính
 * (Yêu cầu thực hiện nghĩa vụ tài chính → Đang xử lý)"; a new account's role by its label.
 */
export function describeAuditDetail(action: string, detail: string | null): string {
  if (!detail) return '';
  if (action === 'transition') {
    const m = /^([a-z-]+): (\d+) → (\d+)$/.exec(detail);
    if (m) {
      const [, name = '', from = '', to = ''] = m;
      const label = isAction(name) ? ACTION_LABELS[name] : name;
      const statuses = from === to ? statusName(from) : `${statusName(from)} → ${statusName(to)}`;
      return `${label} (${statuses})`;
    }
  }
  if (action === 'account-created' && (ROLES as readonly string[]).includes(detail))
    return ROLE_LABELS[detail as Role];
  return detail;
}
