// RelayPost admin: small progressive enhancements. Every page works without this file.
// Loaded as a same-origin script (the CSP allows no inline script).

(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  // Workspace switcher: switch on change (the button stays for keyboard users and no-JS).
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form?.requestSubmit());
  }

  // Time zone pickers: offer the browser's zone.
  for (const hint of document.querySelectorAll('[data-detect-zone]')) {
    const select = document.getElementById(hint.getAttribute('data-detect-zone'));
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!select || !zone || ![...select.options].some((o) => o.value === zone)) continue;
    if (select.value === 'UTC' && zone !== 'UTC') select.value = zone;
    hint.textContent = `Your browser's zone is ${zone}.`;
  }

  // Pages that change on their own (captioning, publishing) reload until they settle, unless
  // the user is typing.
  const refresh = document.querySelector('[data-auto-refresh]');
  if (refresh) {
    const seconds = Number(refresh.getAttribute('data-auto-refresh')) || 5;
    setTimeout(function reload() {
      const active = document.activeElement;
      if (active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.value) {
        setTimeout(reload, seconds * 1000);
        return;
      }
      window.location.reload();
    }, seconds * 1000);
  }

  // "Type the name to confirm": the button waits for the exact name.
  for (const input of document.querySelectorAll('input[data-confirm-name]')) {
    const button = input.form?.querySelector('[data-confirm-target]');
    if (!button) continue;
    const update = () => {
      button.disabled = input.value.trim() !== input.getAttribute('data-confirm-name').trim();
    };
    input.addEventListener('input', update);
    update();
  }

  // Composer: show the selected targets, and count as each platform counts. Counting happens on
  // the server (POST /api/count, core's countText) so the number is exactly the SDK's check.
  const composer = document.querySelector('form[data-composer]');
  if (composer) {
    const source = composer.querySelector('[data-count-source]');
    const boxes = [...composer.querySelectorAll('input[name="accountId"]')];
    const thread = composer.querySelector('input[name="thread"]');

    const selected = () => boxes.filter((b) => b.checked);
    const sync = () => {
      for (const box of boxes) {
        const on = box.checked;
        const counter = composer.querySelector(`[data-counter-for="${box.value}"]`);
        if (counter) counter.hidden = !on;
        const target = composer.querySelector(`[data-target-for="${box.value}"]`);
        if (target) {
          if (on && target.hidden) target.open = true;
          target.hidden = !on;
        }
      }
    };

    let timer = 0;
    let sequence = 0;
    const count = async () => {
      const mine = ++sequence;
      const targets = selected().map((box) => ({
        key: box.value,
        platform: box.getAttribute('data-platform'),
        text: composer.querySelector(`[data-override-for="${box.value}"]`)?.value || null,
      }));
      if (!targets.length) return;
      try {
        const response = await fetch('/api/count', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ text: source.value, thread: Boolean(thread?.checked), targets }),
          credentials: 'same-origin',
        });
        if (!response.ok || mine !== sequence) return;
        const { counts } = await response.json();
        for (const c of counts) {
          const line = composer.querySelector(`[data-counter-for="${c.key}"]`);
          if (!line) continue;
          line.querySelector('[data-count]').textContent = String(c.count);
          line.querySelector('[data-max]').textContent = String(c.max);
          line.querySelector('[data-counting]').textContent = c.countingLabel;
          line.querySelector('[data-note]').textContent = c.over
            ? c.willThread
              ? 'will be split into a thread'
              : `${-c.remaining} over the limit`
            : '';
          line.classList.toggle('over', c.over && !c.willThread);
        }
      } catch {
        // Offline or signed out: the server checks again on submit.
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(count, 150);
    };

    composer.addEventListener('input', (event) => {
      const t = event.target;
      if (t === source || t.hasAttribute?.('data-override-for') || t === thread) schedule();
    });
    composer.addEventListener('change', (event) => {
      if (event.target.name === 'accountId') {
        sync();
        schedule();
      }
      if (event.target === thread) schedule();
    });
    sync();
    count();
  }
})();
