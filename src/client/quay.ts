/**
 * The kiosk tablet at the one-stop desk. The page already starts afresh after each
 * rating (the server answers with an empty form); this script only tidies up when
 * nobody is using it: the thank-you message goes after 8 seconds, and a dossier code
 * someone typed but did not send is cleared after 60 seconds without a touch, so the
 * next person never sees it. Without JavaScript the kiosk works the same.
 */

const THANKS_MS = 8_000;
const IDLE_MS = 60_000;

const thanks = document.querySelector<HTMLElement>('.kiosk-thanks');
if (thanks) setTimeout(() => thanks.remove(), THANKS_MS);

const code = document.querySelector<HTMLInputElement>('.kiosk-form input[name="ma"]');
let idle: ReturnType<typeof setTimeout> | undefined;
const restart = () => {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    if (code) code.value = '';
    document.querySelector('.kiosk .error-summary')?.remove();
    thanks?.remove();
  }, IDLE_MS);
};
for (const type of ['pointerdown', 'keydown', 'input']) document.addEventListener(type, restart);
restart();
