/**
 * Instant search: shows results under the search form as the user types.
 * The form works without this script (it is a GET form to /tim-kiem); the
 * results come from the same Worker route, as an HTML fragment, so they are
 * the same results in the same order as the results page and the JSON API.
 */
(() => {
  const form = document.querySelector('form[data-instant]');
  if (!(form instanceof HTMLFormElement)) return;
  const found = form.querySelector('input[name="q"]');
  if (!(found instanceof HTMLInputElement)) return;
  const input: HTMLInputElement = found;

  let region = document.getElementById('ket-qua');
  if (!region) {
    region = document.createElement('div');
    region.id = 'ket-qua';
    region.className = 'results';
    form.after(region);
  }
  // A live region that exists before results arrive, so screen readers announce the count.
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  region.before(status);

  let pending: AbortController | undefined;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = input.value.trim();

  async function update() {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    pending?.abort();
    if (q.length < 2) {
      if (region) region.innerHTML = '';
      status.textContent = '';
      return;
    }
    pending = new AbortController();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form as HTMLFormElement)) {
      if (typeof value === 'string' && value !== '') params.set(key, value);
    }
    params.set('khung', '1');
    try {
      const response = await fetch(`/tim-kiem?${params}`, { signal: pending.signal });
      if (!response.ok || !region) return;
      const fragment = await response.text();
      const parsed = new DOMParser().parseFromString(fragment, 'text/html');
      const next = parsed.getElementById('ket-qua');
      if (!next) return;
      const count = next.querySelector('.result-count');
      count?.removeAttribute('role');
      region.replaceChildren(...Array.from(next.childNodes));
      status.textContent = count?.textContent ?? '';
      if (location.pathname === '/tim-kiem') {
        params.delete('khung');
        history.replaceState(null, '', `/tim-kiem?${params}`);
      }
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) status.textContent = '';
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== input) {
      last = '';
      update();
    }
  });
  // Down arrow from the box moves to the first result; Escape clears the box.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = region?.querySelector('a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape' && input.value) {
      input.value = '';
      update();
    }
  });
})();
