import type { CitizenIdentity, OwnedDossier, SignInFailure } from '../domain/auth/citizen.ts';
import { STATUS_NAMES } from '../domain/dossier/status.ts';
import type { FormError } from '../domain/errors.ts';
import { formatDate } from '../domain/format.ts';
import { vietnamDay } from '../domain/calendar/dates.ts';
import { routes } from '../domain/routes.ts';
import { breakableCode } from './dossier.ts';
import { renderErrorSummary, renderField } from './form.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * Pages and panels of citizen sign-in (docs/adr/0016-citizen-sign-in.md). The sign-in is
 * always named for what it is: the national electronic identity account, reached through
 * the identity provider configured for this portal.
 */

export const SIGN_IN_MESSAGES: Record<SignInFailure, string> = {
  unavailable:
    'Hệ thống định danh điện tử đang không trả lời nên chưa đăng nhập được. Vui lòng thử lại sau ít phút.',
  refused:
    'Bạn đã hủy đăng nhập, hoặc hệ thống định danh điện tử không chấp nhận yêu cầu đăng nhập.',
  stale: 'Lượt đăng nhập này đã hết hạn hoặc đã được dùng. Vui lòng đăng nhập lại.',
  invalid:
    'Không xác nhận được kết quả đăng nhập từ hệ thống định danh điện tử. Vui lòng đăng nhập lại.',
  acr: 'Lần đăng nhập này không đạt mức xác thực mà cổng yêu cầu. Vui lòng đăng nhập lại bằng tài khoản định danh điện tử ở mức được yêu cầu.',
};

/** A sign-in that did not complete: what happened, and that nothing else needs signing in. */
export function renderSignInFailure(reason: SignInFailure): SafeHtml {
  return html`<h1>Chưa đăng nhập được</h1>
<p>${SIGN_IN_MESSAGES[reason]}</p>
<p>Không cần đăng nhập để xem thủ tục, nộp hồ sơ trực tuyến hay tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu.</p>
<ul>
<li><a href="${routes.signIn()}">Đăng nhập lại</a></li>
<li><a href="${routes.lookup()}">Tra cứu hồ sơ bằng mã hồ sơ</a></li>
<li><a href="${routes.home()}">Về trang chủ</a></li>
</ul>`;
}

/** A sign-out button (a POST with the session's token). */
export const renderSignOut = (csrf: string): SafeHtml =>
  html`<form method="post" action="${routes.signOut()}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Đăng xuất</button></form>`;

/**
 * Above the online form: signed in as whom (the fields taken from the account are locked),
 * or the invitation to sign in when sign-in is configured; nothing otherwise.
 */
export function renderAccountPanel(
  account:
    | { kind: 'signed-in'; identity: CitizenIdentity; csrf: string }
    | { kind: 'invite'; next: string }
    | undefined,
): SafeHtml {
  if (!account) return html``;
  if (account.kind === 'invite') {
    return html`<div class="notice account-panel"><p>Có tài khoản định danh điện tử? <a href="${routes.signIn()}?${new URLSearchParams({ tiep: account.next }).toString()}">Đăng nhập</a> để điền sẵn họ tên, số định danh, ngày sinh và theo dõi hồ sơ trong mục “Hồ sơ của tôi”. Không đăng nhập vẫn nộp được hồ sơ.</p></div>`;
  }
  return html`<div class="notice account-panel"><p>Bạn đang đăng nhập bằng tài khoản định danh điện tử${account.identity.fullName ? html`: <strong>${account.identity.fullName}</strong>` : ''}. Hồ sơ gửi đi sẽ có trong <a href="${routes.myDossiers()}">Hồ sơ của tôi</a>.</p>${renderSignOut(account.csrf)}</div>`;
}

/** "Hồ sơ của tôi": the dossiers filed or claimed while signed in, and the form to claim one. */
export function renderMyDossiers(options: {
  identity: CitizenIdentity;
  csrf: string;
  dossiers: readonly OwnedDossier[];
  claim: { code: string; errors: readonly FormError[]; added?: string | undefined };
}): SafeHtml {
  const { identity, dossiers, claim } = options;
  const errorOf = (name: string) => claim.errors.find((e) => e.name === name)?.message;
  const state = (name: string, value = '') => {
    const error = errorOf(name);
    return { value, ...(error ? { error } : {}) };
  };
  return html`${renderErrorSummary(claim.errors)}<h1>Hồ sơ của tôi</h1>
<p class="lead">Đăng nhập bằng tài khoản định danh điện tử${identity.fullName ? html` (<strong>${identity.fullName}</strong>)` : ''}. Danh sách gồm hồ sơ bạn nộp trực tuyến khi đã đăng nhập và hồ sơ bạn đã thêm bằng mã hồ sơ và mã tra cứu.</p>
${renderSignOut(options.csrf)}
${claim.added ? html`<p class="notice" role="status">Đã thêm hồ sơ ${claim.added} vào Hồ sơ của tôi.</p>` : ''}
${
  dossiers.length === 0
    ? html`<p>Chưa có hồ sơ nào.</p>`
    : dossiers.map(
        // One block per dossier, as on the lookup page: a six-column table breaks words on a phone.
        (d) =>
          html`<section class="my-dossier" aria-labelledby="hs-${d.code}"><h2 id="hs-${d.code}">Hồ sơ ${breakableCode(d.code)}</h2>
<dl class="facts">
<div><dt>Thủ tục</dt><dd>${d.procedureTitle}</dd></div>
<div><dt>Tình trạng</dt><dd><strong>${STATUS_NAMES[d.status]}</strong></dd></div>
<div><dt>Ngày nhận</dt><dd>${formatDate(vietnamDay(d.receivedAt))}</dd></div>
<div><dt>Hẹn trả kết quả</dt><dd>${formatDate(d.dueDate)}</dd></div>
<div><dt>Kết quả điện tử</dt><dd>${d.hasResult ? html`<a href="${routes.myResult(d.code)}" download>Tải kết quả (PDF)<span class="visually-hidden"> hồ sơ ${d.code}</span></a>` : 'Chưa có'}</dd></div>
</dl></section>`,
      )
}
<h2>Thêm hồ sơ đã nộp</h2>
<p>Hồ sơ nộp tại quầy hoặc nộp khi chưa đăng nhập: nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận.</p>
<form method="post" action="${routes.myDossiers()}" novalidate>
<input type="hidden" name="_csrf" value="${options.csrf}">
${renderField({ name: 'ma', label: 'Mã hồ sơ', type: 'text', required: true, maxLength: 40 }, state('ma', claim.code))}
${renderField({ name: 'bm', label: 'Mã tra cứu', type: 'text', required: true, hint: '12 ký tự, ví dụ ABCD-EFGH-JKMN.', maxLength: 40 }, state('bm'))}
<button type="submit">Thêm vào Hồ sơ của tôi</button>
</form>`;
}

/** "Hồ sơ của tôi" without a session: sign in, or look a dossier up by its codes. */
export function renderMyDossiersSignedOut(signInAvailable: boolean): SafeHtml {
  return html`<h1>Hồ sơ của tôi</h1>
${
  signInAvailable
    ? html`<p>Đăng nhập bằng tài khoản định danh điện tử để xem các hồ sơ của bạn.</p><p><a class="button" href="${routes.signIn()}">Đăng nhập</a></p>`
    : html`<p>Cổng này chưa bật đăng nhập bằng tài khoản định danh điện tử.</p>`
}
<p>Không cần đăng nhập để <a href="${routes.lookup()}">tra cứu hồ sơ</a> bằng mã hồ sơ và mã tra cứu.</p>`;
}

/** Under the lookup form, when sign-in is configured: where a signed-in citizen's list is. */
export const renderMyDossiersLink = (): SafeHtml =>
  html`<p>Có tài khoản định danh điện tử? Mục <a href="${routes.myDossiers()}">Hồ sơ của tôi</a> liệt kê các hồ sơ bạn nộp khi đã đăng nhập, không cần nhập mã.</p>`;
