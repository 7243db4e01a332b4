/**
 * The RelayPost example admin app: what a team evaluating RelayPost clicks through first, and the
 * reference for how a host app embeds `@relaypost/sdk`. Plain server-rendered HTML over
 * `node:http`, with its own users, sessions and memberships in Postgres.
 *
 * @packageDocumentation
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ConflictError,
  NotFoundError,
  RelayPostError,
  ValidationError,
  type Workspace,
} from '@relaypost/core';
import { createCsrf, sameOrigin } from './auth/csrf.js';
import { createGoogleSignIn, type GoogleOptions } from './auth/google.js';
import { createLoginRateLimiter } from './auth/rate-limit.js';
import { createSessionStore } from './auth/sessions.js';
import { createUserRepository } from './auth/users.js';
import type { AdminLogger, AppDeps, Ctx, RouteDef, WsCtx } from './context.js';
import { migrateDatabase, openDatabase } from './db/database.js';
import { html, type Renderable } from './html/html.js';
import { type Flash, layout } from './html/layout.js';
import {
  type Body,
  clientIp,
  createRouter,
  type Form,
  formFromParams,
  HttpError,
  page,
  parseBody,
  parseCookies,
  type Reply,
  redirect,
  serializeCookie,
} from './http/http.js';
import { accountRoutes } from './pages/accounts.js';
import { analyticsRoutes } from './pages/analytics.js';
import { authRoutes } from './pages/auth.js';
import { composeRoutes } from './pages/compose.js';
import { dataRoutes } from './pages/data.js';
import { postRoutes } from './pages/posts.js';
import { settingsRoutes } from './pages/settings.js';
import type { AdminRelayPost } from './sdk.js';
import { serveStatic } from './static.js';

export type { AdminLogger } from './context.js';
export { instantToZonedLocal, zonedLocalToInstant } from './lib/time-zone.js';
export type { AdminLiveState, AdminRelayPost, AnalyticsSummaryLike } from './sdk.js';

/** Options of `createAdminApp`. Keep this stable: `relaypost dev` passes the first six. */
export interface AdminAppOptions {
  /** The SDK object from `createRelayPost()` (or anything with the same shape, for tests). */
  relaypost: AdminRelayPost;
  /** Postgres for the admin's own tables (`admin_users`, `admin_sessions`, `admin_memberships`, `admin_login_attempts`). */
  databaseUrl: string;
  /** At least 32 random characters; signs CSRF tokens and small cookies. Changing it signs everyone out of forms in flight. */
  sessionSecret: string;
  /** Where users reach the app, e.g. `https://admin.example.com`; OAuth redirect URIs are built from it. `https:` turns on Secure cookies. */
  publicUrl: string;
  /** Telegram Bot API root for "send test message" (`TELEGRAM_API_ROOT`). Default `https://api.telegram.org`. */
  telegramApiRoot?: string;
  /** Google sign-in; the button is hidden without it. */
  google?: GoogleOptions | null;
  /** Keep the admin tables in this Postgres schema (created by `migrate()`). Default: the connection's search path. */
  schema?: string;
  /** Take the client address from `X-Forwarded-For` (only behind a proxy you control). Default false. */
  trustProxy?: boolean;
  /** Sign-in attempts allowed per IP and email and window. Default 5 per minute. */
  loginRateLimit?: { limit?: number; windowMs?: number };
  /** Sign-ups allowed per IP and window. Default 10 per 10 minutes. */
  signUpRateLimit?: { limit?: number; windowMs?: number };
  /** Largest multipart request (media uploads). Default 200 MiB. */
  maxUploadBytes?: number;
  /** Used for Telegram and Google calls. Default: global `fetch`. */
  fetch?: typeof fetch;
  /** Where the app logs; default: warnings and errors to stderr. */
  log?: AdminLogger;
}

export interface AdminApp {
  /** A `node:http` request listener: `http.createServer(app.handler)`. */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Creates or upgrades the admin tables; run once before serving. */
  migrate(): Promise<void>;
  /** Closes the admin's database pool (not the SDK: the caller owns it). */
  close(): Promise<void>;
}

/**
 * Builds the admin app around a RelayPost SDK instance.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRelayPost } from '@relaypost/sdk';
 * import { createAdminApp } from '@relaypost/example-admin';
 *
 * const relaypost = await createRelayPost({ ... });
 * const admin = createAdminApp({
 *   relaypost,
 *   databaseUrl: process.env.DATABASE_URL!,
 *   sessionSecret: process.env.ADMIN_SESSION_SECRET!,
 *   publicUrl: 'http://localhost:3000',
 * });
 * await admin.migrate();
 * createServer(admin.handler).listen(3000);
 * ```
 */
export function createAdminApp(options: AdminAppOptions): AdminApp {
  const publicUrl = new URL(options.publicUrl).toString().replace(/\/$/, '');
  const secure = publicUrl.startsWith('https:');
  const db = openDatabase(options.databaseUrl, options.schema);
  const secret = options.sessionSecret;
  const fetchImpl = options.fetch ?? fetch;

  const sign = (value: string) =>
    `${value}.${createHmac('sha256', secret).update(`relaypost-admin-cookie\0${value}`).digest('base64url')}`;
  const unsign = (signed: string | undefined): string | null => {
    if (!signed) return null;
    const index = signed.lastIndexOf('.');
    if (index < 0) return null;
    const value = signed.slice(0, index);
    const expected = Buffer.from(sign(value));
    const actual = Buffer.from(signed);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? value : null;
  };

  const prefix = secure ? '__Host-' : '';
  const deps: AppDeps = {
    relaypost: options.relaypost,
    users: createUserRepository(db),
    sessions: createSessionStore(db),
    csrf: createCsrf(secret),
    loginLimiter: createLoginRateLimiter(db, options.loginRateLimit),
    signUpLimiter: createLoginRateLimiter(db, { limit: 10, windowMs: 600_000, ...options.signUpRateLimit }),
    google:
      options.google?.clientId && options.google.clientSecret
        ? createGoogleSignIn(options.google, fetchImpl)
        : null,
    publicUrl,
    telegramApiRoot: options.telegramApiRoot ?? 'https://api.telegram.org',
    fetch: fetchImpl,
    secureCookies: secure,
    cookieNames: {
      session: `${prefix}rp_session`,
      csrf: `${prefix}rp_csrf`,
      flash: `${prefix}rp_flash`,
      oauth: `${prefix}rp_oauth`,
      google: `${prefix}rp_google`,
    },
    signValue: sign,
    unsignValue: unsign,
    log:
      options.log ??
      ((level, message, data) => {
        if (level !== 'info') console.error(`[admin] ${level}: ${message}`, data ?? '');
      }),
  };

  const router = createRouter<RouteDef>();
  for (const def of [
    ...authRoutes(),
    ...settingsRoutes(),
    ...accountRoutes(),
    ...composeRoutes(),
    ...postRoutes(),
    ...analyticsRoutes(),
    ...dataRoutes(),
  ]) {
    router.add(def.method, def.path, def);
  }

  const limits = { formBytes: 1024 * 1024, uploadBytes: options.maxUploadBytes ?? 200 * 1024 * 1024 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', publicUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/healthz')
      return write(res, { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }, [], secure);
    if (url.pathname.startsWith('/static/') && (method === 'GET' || method === 'HEAD')) {
      return write(res, await serveStatic(url.pathname.slice('/static/'.length)), [], secure);
    }

    const setCookies: string[] = [];
    const cookies = parseCookies(req.headers.cookie);
    const cookieOptions = (o: Partial<Parameters<typeof serializeCookie>[2]> = {}) => ({ secure, ...o });

    let csrfCookie = cookies[deps.cookieNames.csrf];
    if (!csrfCookie || csrfCookie.length > 64) {
      csrfCookie = deps.csrf.newCookieValue();
      setCookies.push(serializeCookie(deps.cookieNames.csrf, csrfCookie, cookieOptions()));
    }

    const flashRaw = unsign(cookies[deps.cookieNames.flash]);
    let flash: Flash | null = null;
    if (flashRaw) {
      try {
        flash = JSON.parse(Buffer.from(flashRaw, 'base64url').toString('utf8')) as Flash;
      } catch {
        flash = null;
      }
    }

    let reply: Reply;
    try {
      const matched = router.match(method, url.pathname);
      if (matched === null) throw new HttpError(404, 'There is no page at this address.');
      if (matched === 'method')
        throw new HttpError(405, 'This address does not take that method.', { allow: 'GET, POST' });
      const def = matched.handler;

      const session = await deps.sessions.read(cookies[deps.cookieNames.session]);
      const user = session ? await deps.users.findById(session.userId) : null;

      let body: Body = { kind: 'none' };
      let form: Form = formFromParams(new URLSearchParams());
      if (method === 'POST') {
        if (
          !sameOrigin(
            { origin: req.headers.origin, referer: req.headers.referer, host: req.headers.host },
            publicUrl,
          )
        ) {
          throw new HttpError(403, 'This form was sent from another site, so it was refused.');
        }
        body = await parseBody(req, limits);
        if (body.kind === 'form') form = body.form;
        const header = req.headers['x-csrf-token'];
        const submitted =
          body.kind === 'form' ? form.get('_csrf') : Array.isArray(header) ? header[0] : header;
        if (!deps.csrf.verify(cookies[deps.cookieNames.csrf], session?.id ?? null, submitted)) {
          throw new HttpError(
            403,
            'This form has expired or was not sent from this site. Go back, reload the page and try again.',
          );
        }
      }

      let flashShown = false;
      const ctx: Ctx = {
        deps,
        req,
        url,
        method,
        params: matched.params,
        query: url.searchParams,
        ip: clientIp(req, options.trustProxy ?? false),
        cookies,
        body,
        form,
        session,
        user: session ? user : null,
        csrfToken: deps.csrf.tokenFor(csrfCookie, session?.id ?? null),
        flash,
        setCookie: (name, value, o) => setCookies.push(serializeCookie(name, value, cookieOptions(o))),
        clearCookie: (name, path) =>
          setCookies.push(
            serializeCookie(name, '', cookieOptions({ maxAgeSeconds: 0, ...(path ? { path } : {}) })),
          ),
        setFlash: (kind, text) =>
          setCookies.push(
            serializeCookie(
              deps.cookieNames.flash,
              sign(Buffer.from(JSON.stringify({ kind, text })).toString('base64url')),
              cookieOptions({ maxAgeSeconds: 60 }),
            ),
          ),
        render: async (title, content, status) => {
          flashShown = true;
          return page(await renderPage(ctx, title, content), status);
        },
      };

      if (def.access === 'public') {
        reply = await def.handler(ctx as WsCtx);
      } else if (!ctx.user || !ctx.session) {
        if (method === 'GET') {
          reply = redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
        } else {
          throw new HttpError(401, 'Please sign in again.');
        }
      } else if (def.access === 'user') {
        reply = await def.handler(ctx as WsCtx);
      } else {
        const ws = await resolveWorkspace(ctx);
        reply = ws ? await def.handler(ws) : redirect('/workspaces/new');
      }
      if (flash && flashShown) ctx.clearCookie(deps.cookieNames.flash);
    } catch (error) {
      reply = errorReply(error, deps, csrfCookie, flash);
    }
    write(res, reply, setCookies, secure);
  }

  /** The session's workspace, if the user still belongs to it; else their first one. */
  async function resolveWorkspace(ctx: Ctx): Promise<WsCtx | null> {
    const user = ctx.user!;
    const session = ctx.session!;
    const memberships = await deps.users.memberships(user.id);
    let membership = memberships.find((m) => m.workspaceId === session.workspaceId) ?? memberships[0];
    const tried = new Set<string>();
    while (membership) {
      try {
        const workspace = await deps.relaypost.workspaces.get(membership.workspaceId);
        if (session.workspaceId !== workspace.id) await deps.sessions.setWorkspace(session.id, workspace.id);
        return Object.assign(ctx, {
          user,
          session: { ...session, workspaceId: workspace.id },
          workspace,
          membership,
          actor: { kind: 'user' as const, id: user.id, name: user.email },
        });
      } catch (error) {
        if (!NotFoundError.isInstance(error)) throw error;
        // Erased elsewhere: forget it and try the next one.
        await deps.users.removeWorkspace(membership.workspaceId);
        tried.add(membership.workspaceId);
        membership = memberships.find((m) => !tried.has(m.workspaceId));
      }
    }
    return null;
  }

  async function renderPage(ctx: Ctx, title: string, content: Renderable) {
    const ws = (ctx as Partial<WsCtx>).workspace;
    let workspaces: Array<{ id: string; name: string }> = [];
    let waiting = 0;
    if (ctx.user) {
      const memberships = await deps.users.memberships(ctx.user.id);
      workspaces = (
        await Promise.all(
          memberships.map((m) =>
            m.workspaceId === ws?.id
              ? Promise.resolve<Workspace | null>(ws)
              : deps.relaypost.workspaces.get(m.workspaceId).catch(() => null),
          ),
        )
      )
        .filter((w): w is Workspace => w !== null)
        .map((w) => ({ id: w.id, name: w.name }));
      if (ws) {
        waiting = (
          await deps.relaypost.posts
            .list(ws.id, { status: 'awaiting_approval', limit: 100 })
            .catch(() => ({ items: [] }))
        ).items.length;
      }
    }
    return layout({
      title,
      csrfToken: ctx.csrfToken,
      body: content,
      flash: ctx.flash,
      user: ctx.user,
      workspace: ws ? { id: ws.id, name: ws.name } : null,
      workspaces,
      path: ctx.url.pathname,
      approvalsWaiting: waiting,
    });
  }

  return {
    handler(req, res) {
      handle(req, res).catch((error: unknown) => {
        deps.log('error', 'request failed', { error: String(error) });
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end('Internal error');
        } else {
          res.destroy();
        }
      });
    },
    async migrate() {
      await migrateDatabase(db, options.schema);
    },
    async close() {
      await db.end();
    },
  };
}

function errorReply(error: unknown, deps: AppDeps, csrfCookie: string, flash: Flash | null): Reply {
  let status = 500;
  let message = 'Something went wrong on our side. The error was logged.';
  let headers: Record<string, string> = {};
  let issues: string[] = [];
  if (error instanceof HttpError) {
    status = error.status;
    message = error.message;
    headers = error.headers;
  } else if (ValidationError.isInstance(error)) {
    status = 422;
    message = 'RelayPost refused the request.';
    issues = error.issues.map((i) => `${i.path}: ${i.message}`);
  } else if (NotFoundError.isInstance(error)) {
    status = 404;
    message = 'That item does not exist (any more) in this workspace.';
  } else if (ConflictError.isInstance(error)) {
    status = 409;
    message = error.message;
  } else if (RelayPostError.isInstance(error)) {
    status = 502;
    message = error.message;
  } else {
    deps.log('error', 'unexpected error', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  const body = layout({
    title: `Error ${status}`,
    csrfToken: deps.csrf.tokenFor(csrfCookie, null),
    flash,
    body: html`<h1>${status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 429 ? 'Too many attempts' : 'Something went wrong'}</h1>
<p>${message}</p>${issues.length ? html`<ul class="errors">${issues.map((i) => html`<li>${i}</li>`)}</ul>` : ''}
<p><a href="/">Back to the start</a></p>`,
  });
  return { ...page(body, status), headers: { ...page(body).headers, ...headers } };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function write(res: ServerResponse, reply: Reply, cookies: string[], secure: boolean): void {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'same-origin');
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
  if (secure) res.setHeader('strict-transport-security', 'max-age=31536000');
  res.end(reply.body ?? '');
}
