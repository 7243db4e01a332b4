import type { IncomingMessage } from 'node:http';
import type { Actor, Workspace } from '@relaypost/core';
import type { Csrf } from './auth/csrf.js';
import type { GoogleSignIn } from './auth/google.js';
import type { LoginRateLimiter } from './auth/rate-limit.js';
import type { Session, SessionStore } from './auth/sessions.js';
import type { AdminUser, Membership, UserRepository } from './auth/users.js';
import type { Html, Renderable } from './html/html.js';
import type { Flash } from './html/layout.js';
import type { Body, CookieOptions, Form, Reply } from './http/http.js';
import type { AdminRelayPost } from './sdk.js';

/** Where the app reports what happened (requests that failed, erasures). */
export type AdminLogger = (
  level: 'info' | 'warn' | 'error',
  message: string,
  data?: Record<string, unknown>,
) => void;

/** Everything the routes share: the SDK, the admin tables, and configuration. */
export interface AppDeps {
  relaypost: AdminRelayPost;
  users: UserRepository;
  sessions: SessionStore;
  csrf: Csrf;
  loginLimiter: LoginRateLimiter;
  signUpLimiter: LoginRateLimiter;
  google: GoogleSignIn | null;
  publicUrl: string;
  telegramApiRoot: string;
  fetch: typeof fetch;
  /** Cookies get `Secure` (and the `__Host-` prefix) when the app is served over https. */
  secureCookies: boolean;
  cookieNames: { session: string; csrf: string; flash: string; oauth: string; google: string };
  signValue(value: string): string;
  unsignValue(signed: string | undefined): string | null;
  log: AdminLogger;
}

/** One request, as routes see it. */
export interface Ctx {
  deps: AppDeps;
  req: IncomingMessage;
  url: URL;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  ip: string;
  cookies: Record<string, string>;
  body: Body;
  /** The submitted form (empty for GET and JSON requests). */
  form: Form;
  session: Session | null;
  user: AdminUser | null;
  csrfToken: string;
  flash: Flash | null;
  setCookie(name: string, value: string, options?: Partial<CookieOptions>): void;
  clearCookie(name: string, path?: string): void;
  setFlash(kind: Flash['kind'], text: string): void;
  /** Renders a full page with the signed-in chrome. */
  render(title: string, body: Renderable, status?: number): Promise<Reply>;
}

/** A request by a signed-in member of the current workspace. */
export interface WsCtx extends Ctx {
  user: AdminUser;
  session: Session;
  workspace: Workspace;
  membership: Membership;
  /** Who is acting, for the SDK's history: this user. */
  actor: Actor;
}

export type Handler<C extends Ctx = Ctx> = (ctx: C) => Promise<Reply>;

export type Access = 'public' | 'user' | 'workspace';

export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
  handler: Handler<WsCtx> | Handler<Ctx>;
}

/** Declares routes with the access they need; `app.ts` enforces it. */
export const route = {
  public: (method: 'GET' | 'POST', path: string, handler: Handler<Ctx>): RouteDef => ({
    method,
    path,
    access: 'public',
    handler,
  }),
  user: (
    method: 'GET' | 'POST',
    path: string,
    handler: Handler<Ctx & { user: AdminUser; session: Session }>,
  ): RouteDef => ({
    method,
    path,
    access: 'user',
    handler: handler as Handler<Ctx>,
  }),
  workspace: (method: 'GET' | 'POST', path: string, handler: Handler<WsCtx>): RouteDef => ({
    method,
    path,
    access: 'workspace',
    handler: handler as Handler<Ctx>,
  }),
};

export type { Html };
