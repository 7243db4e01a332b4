import { attr, type Html, html, type Renderable } from './html.js';

export interface Flash {
  kind: 'notice' | 'error';
  text: string;
}

export interface LayoutInput {
  title: string;
  csrfToken: string;
  body: Renderable;
  flash?: Flash | null;
  /** Signed-in chrome: navigation, workspace switcher, sign-out. */
  user?: { email: string } | null;
  workspace?: { id: string; name: string } | null;
  workspaces?: ReadonlyArray<{ id: string; name: string }>;
  /** The current path, to mark the navigation entry. */
  path?: string;
  approvalsWaiting?: number;
}

const NAV: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/compose', label: 'Compose' },
  { href: '/posts', label: 'Posts' },
  { href: '/calendar', label: 'Calendar' },
  { href: '/approvals', label: 'Approvals' },
  { href: '/accounts', label: 'Accounts' },
  { href: '/analytics', label: 'Analytics' },
  { href: '/settings', label: 'Settings' },
  { href: '/data', label: 'Your data' },
];

/** The hidden CSRF field every form carries. */
export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`;

/**
 * The page shell: skip link, header with navigation, one `<main>` with the page's `<h1>`.
 * The CSRF token is also in a `<meta>` for the small scripts that call `/api/*`.
 */
export function layout(input: LayoutInput): Html {
  const signedIn = Boolean(input.user);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${input.csrfToken}">
<title>${input.title} · RelayPost admin</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="data:,">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <div class="brand"><a href="${signedIn ? '/posts' : '/'}">RelayPost</a> <span class="tag">admin</span></div>
  ${
    signedIn
      ? html`<nav aria-label="Main"><ul>${NAV.map(
          (item) =>
            html`<li><a href="${item.href}"${attr('aria-current="page"', isCurrent(input.path, item.href))}>${item.label}${
              item.href === '/approvals' && input.approvalsWaiting
                ? html` <span class="badge" aria-label="${input.approvalsWaiting} waiting">${input.approvalsWaiting}</span>`
                : ''
            }</a></li>`,
        )}</ul></nav>
  <div class="account">
    ${
      input.workspace && input.workspaces && input.workspaces.length > 1
        ? html`<form method="post" action="/workspaces/switch" class="inline">
      ${csrfField(input.csrfToken)}
      <label for="ws-switch" class="visually-hidden">Workspace</label>
      <select id="ws-switch" name="workspaceId" data-autosubmit>${input.workspaces.map(
        (w) =>
          html`<option value="${w.id}"${attr('selected', w.id === input.workspace?.id)}>${w.name}</option>`,
      )}</select>
      <button type="submit" class="secondary small">Switch</button>
    </form>`
        : input.workspace
          ? html`<span class="ws-name">${input.workspace.name}</span>`
          : ''
    }
    <a class="small" href="/workspaces/new">New workspace</a>
    <span class="who">${input.user?.email}</span>
    <form method="post" action="/sign-out" class="inline">${csrfField(input.csrfToken)}<button type="submit" class="secondary small">Sign out</button></form>
  </div>`
      : ''
  }
</header>
<main id="main" tabindex="-1">
${input.flash ? html`<div class="flash ${input.flash.kind}" role="${input.flash.kind === 'error' ? 'alert' : 'status'}">${input.flash.text}</div>` : ''}
${input.body}
</main>
<footer class="site"><p>RelayPost example admin · the reference for embedding <code>@relaypost/sdk</code></p></footer>
</body>
</html>`;
}

function isCurrent(path: string | undefined, href: string): boolean {
  if (!path) return false;
  return path === href || path.startsWith(`${href}/`);
}

/** A list of problems (validation issues, form errors), announced to screen readers. */
export function errorList(errors: ReadonlyArray<string>, heading = 'Please fix the following'): Html {
  if (!errors.length) return html``;
  return html`<div class="errors" role="alert" tabindex="-1"><h2>${heading}</h2><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

/** A status as a labelled badge (colour is never the only signal: the word is always there). */
export function statusBadge(status: string): Html {
  return html`<span class="status status-${status}">${status.replaceAll('_', ' ')}</span>`;
}
