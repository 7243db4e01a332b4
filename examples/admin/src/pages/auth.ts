import { ValidationError } from '@relaypost/core';
import {
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from '../auth/password.js';
import { loginAttemptKey } from '../auth/rate-limit.js';
import { type AdminUser, isEmail, normaliseEmail } from '../auth/users.js';
import { type Ctx, route } from '../context.js';
import { attr, html } from '../html/html.js';
import { csrfField, errorList } from '../html/layout.js';
import { HttpError, type Reply, redirect } from '../http/http.js';
import { isTimeZone, timeZones } from '../lib/time-zone.js';

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/posts';
  return next;
}

/** Starts a fresh session (a new token at every sign-in: no session fixation). */
async function startSession(ctx: Ctx, user: AdminUser, workspaceId: string | null): Promise<void> {
  if (ctx.session) await ctx.deps.sessions.destroy(ctx.session.id);
  const memberships = await ctx.deps.users.memberships(user.id);
  const { token } = await ctx.deps.sessions.create(
    user.id,
    workspaceId ?? memberships[0]?.workspaceId ?? null,
  );
  ctx.setCookie(ctx.deps.cookieNames.session, token, {
    maxAgeSeconds: ctx.deps.sessions.absoluteTtlMs / 1000,
  });
}

function tooMany(ctx: Ctx, retryAfterSeconds: number, body: Parameters<Ctx['render']>[1]): Promise<Reply> {
  return ctx.render('Too many attempts', body, 429).then((reply) => ({
    ...reply,
    headers: { ...reply.headers, 'retry-after': String(retryAfterSeconds) },
  }));
}

export function timeZoneSelect(id: string, name: string, selected: string) {
  return html`<select id="${id}" name="${name}" autocomplete="off">${timeZones().map(
    (zone) => html`<option value="${zone}"${attr('selected', zone === selected)}>${zone}</option>`,
  )}</select>`;
}

function signInPage(ctx: Ctx, input: { email?: string; errors?: string[]; next?: string; status?: number }) {
  return ctx.render(
    'Sign in',
    html`<section class="narrow">
<h1>Sign in</h1>
${errorList(input.errors ?? [], 'Could not sign you in')}
<form method="post" action="/sign-in" class="stack">
  ${csrfField(ctx.csrfToken)}
  <input type="hidden" name="next" value="${input.next ?? ''}">
  <div class="field"><label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${input.email ?? ''}"></div>
  <div class="field"><label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required></div>
  <button type="submit">Sign in</button>
</form>
${googleButton(ctx, input.next)}
<p>New here? <a href="/sign-up">Create an account</a>.</p>
</section>`,
    input.status,
  );
}

function googleButton(ctx: Ctx, next?: string) {
  if (!ctx.deps.google) return '';
  return html`<form method="post" action="/auth/google" class="stack oauth">
  ${csrfField(ctx.csrfToken)}<input type="hidden" name="next" value="${next ?? ''}">
  <button type="submit" class="secondary">Continue with Google</button>
</form>`;
}

function signUpPage(
  ctx: Ctx,
  input: { email?: string; workspaceName?: string; timeZone?: string; errors?: string[]; status?: number },
) {
  return ctx.render(
    'Create an account',
    html`<section class="narrow">
<h1>Create an account</h1>
<p>You get a workspace of your own; connect accounts and schedule posts in it.</p>
${errorList(input.errors ?? [])}
<form method="post" action="/sign-up" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="email" required value="${input.email ?? ''}"></div>
  <div class="field"><label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-hint">
    <p class="hint" id="password-hint">At least 10 characters.</p></div>
  <div class="field"><label for="workspaceName">Workspace name</label>
    <input id="workspaceName" name="workspaceName" required maxlength="200" value="${input.workspaceName ?? ''}"></div>
  <div class="field"><label for="timeZone">Time zone</label>
    ${timeZoneSelect('timeZone', 'timeZone', input.timeZone ?? 'UTC')}
    <p class="hint">Posts are scheduled in this zone. <span data-detect-zone="timeZone"></span></p></div>
  <button type="submit">Create account</button>
</form>
${googleButton(ctx)}
<p>Have an account? <a href="/sign-in">Sign in</a>.</p>
</section>`,
    input.status,
  );
}

/** Sign-up, sign-in (password and Google), sign-out, and creating or switching workspaces. */
export function authRoutes() {
  return [
    route.public('GET', '/', async (ctx) => redirect(ctx.user ? '/posts' : '/sign-in')),

    route.public('GET', '/sign-in', async (ctx) => {
      if (ctx.user) return redirect(safeNext(ctx.query.get('next')));
      return signInPage(ctx, { next: ctx.query.get('next') ?? '' });
    }),

    route.public('POST', '/sign-in', async (ctx) => {
      const email = normaliseEmail(ctx.form.get('email') ?? '');
      const password = ctx.form.get('password') ?? '';
      const next = ctx.form.get('next') ?? '';
      const key = loginAttemptKey(ctx.ip, email);
      const decision = await ctx.deps.loginLimiter.hit(key);
      if (!decision.allowed) {
        return tooMany(
          ctx,
          decision.retryAfterSeconds,
          html`<section class="narrow"><h1>Too many sign-in attempts</h1>
<p>Wait ${decision.retryAfterSeconds} seconds, then <a href="/sign-in">try again</a>.</p></section>`,
        );
      }
      const user = email ? await ctx.deps.users.findByEmail(email) : null;
      const ok = user?.passwordHash
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstDummy(password);
      if (!user || !ok) {
        return signInPage(ctx, { email, next, errors: ['The email or password is not right.'], status: 401 });
      }
      await ctx.deps.loginLimiter.reset(key);
      if (needsRehash(user.passwordHash!))
        await ctx.deps.users.setPasswordHash(user.id, await hashPassword(password));
      await startSession(ctx, user, null);
      return redirect(safeNext(next));
    }),

    route.public('GET', '/sign-up', async (ctx) => {
      if (ctx.user) return redirect('/posts');
      return signUpPage(ctx, {});
    }),

    route.public('POST', '/sign-up', async (ctx) => {
      const email = normaliseEmail(ctx.form.get('email') ?? '');
      const password = ctx.form.get('password') ?? '';
      const workspaceName = (ctx.form.get('workspaceName') ?? '').trim();
      const timeZone = ctx.form.get('timeZone') ?? 'UTC';
      const decision = await ctx.deps.signUpLimiter.hit(loginAttemptKey(ctx.ip, '(sign-up)'));
      if (!decision.allowed) {
        return tooMany(
          ctx,
          decision.retryAfterSeconds,
          html`<section class="narrow"><h1>Too many sign-ups</h1><p>Wait ${decision.retryAfterSeconds} seconds and try again.</p></section>`,
        );
      }
      const errors: string[] = [];
      if (!isEmail(email)) errors.push('Enter an email address.');
      const problem = passwordProblem(password);
      if (problem) errors.push(`Password: ${problem}`);
      if (!workspaceName) errors.push('Name your workspace.');
      if (workspaceName.length > 200) errors.push('The workspace name is too long (200 characters at most).');
      if (!isTimeZone(timeZone)) errors.push('Choose a time zone from the list.');
      if (!errors.length && (await ctx.deps.users.findByEmail(email))) {
        errors.push('An account with this email exists. Sign in instead.');
      }
      if (errors.length) return signUpPage(ctx, { email, workspaceName, timeZone, errors, status: 422 });

      const passwordHash = await hashPassword(password);
      const workspace = await ctx.deps.relaypost.workspaces.create({ name: workspaceName, timeZone });
      const user = await ctx.deps.users.create({ email, passwordHash });
      if (!user) {
        // Lost a race for the email: do not leave the workspace behind.
        await ctx.deps.relaypost.workspaces.erase(workspace.id).catch(() => undefined);
        return signUpPage(ctx, {
          email,
          workspaceName,
          timeZone,
          errors: ['An account with this email exists.'],
          status: 422,
        });
      }
      await ctx.deps.users.addMembership(user.id, workspace.id, 'owner');
      await startSession(ctx, user, workspace.id);
      ctx.setFlash(
        'notice',
        `Welcome! Your workspace “${workspace.name}” is ready. Set it up, then connect an account.`,
      );
      return redirect('/settings');
    }),

    route.public('POST', '/sign-out', async (ctx) => {
      if (ctx.session) await ctx.deps.sessions.destroy(ctx.session.id);
      ctx.clearCookie(ctx.deps.cookieNames.session);
      return redirect('/sign-in');
    }),

    route.public('POST', '/auth/google', async (ctx) => {
      const google = ctx.deps.google;
      if (!google) throw new HttpError(404, 'Google sign-in is not configured.');
      const { url, flow } = google.begin(`${ctx.deps.publicUrl}/auth/google/callback`);
      const next = safeNext(ctx.form.get('next'));
      const value = Buffer.from(JSON.stringify({ ...flow, next })).toString('base64url');
      ctx.setCookie(ctx.deps.cookieNames.google, ctx.deps.signValue(value), { maxAgeSeconds: 600 });
      return redirect(url);
    }),

    route.public('GET', '/auth/google/callback', async (ctx) => {
      const google = ctx.deps.google;
      if (!google) throw new HttpError(404, 'Google sign-in is not configured.');
      const stored = ctx.deps.unsignValue(ctx.cookies[ctx.deps.cookieNames.google]);
      ctx.clearCookie(ctx.deps.cookieNames.google);
      const flow = stored
        ? (JSON.parse(Buffer.from(stored, 'base64url').toString('utf8')) as {
            state: string;
            verifier: string;
            next: string;
          })
        : null;
      const state = ctx.query.get('state');
      const code = ctx.query.get('code');
      if (!flow || !state || state !== flow.state)
        throw new HttpError(400, 'The Google sign-in expired or did not start here. Try again.');
      if (!code) return signInPage(ctx, { errors: ['Google sign-in was cancelled.'], status: 400 });
      let profile: Awaited<ReturnType<typeof google.complete>>;
      try {
        profile = await google.complete({
          code,
          redirectUri: `${ctx.deps.publicUrl}/auth/google/callback`,
          verifier: flow.verifier,
        });
      } catch (error) {
        ctx.deps.log('warn', 'google sign-in failed', { error: String(error) });
        return signInPage(ctx, { errors: ['Google sign-in failed. Try again.'], status: 502 });
      }
      if (!profile.emailVerified)
        return signInPage(ctx, { errors: ['Your Google email address is not verified.'], status: 403 });
      let user = await ctx.deps.users.findByGoogleSub(profile.sub);
      if (!user) {
        const byEmail = await ctx.deps.users.findByEmail(profile.email);
        if (byEmail) {
          // Google vouches for the address: link it to the existing account.
          await ctx.deps.users.linkGoogle(byEmail.id, profile.sub);
          user = byEmail;
        } else {
          const workspace = await ctx.deps.relaypost.workspaces.create({
            name: `${profile.email.split('@')[0]}'s workspace`,
            timeZone: 'UTC',
          });
          user = await ctx.deps.users.create({ email: profile.email, googleSub: profile.sub });
          if (!user) throw new HttpError(409, 'An account with this email was just created. Sign in again.');
          await ctx.deps.users.addMembership(user.id, workspace.id, 'owner');
          ctx.setFlash('notice', 'Welcome! Choose your time zone and name your workspace.');
          await startSession(ctx, user, workspace.id);
          return redirect('/settings');
        }
      }
      await startSession(ctx, user, null);
      return redirect(safeNext(flow.next));
    }),

    route.user('GET', '/workspaces/new', async (ctx) =>
      ctx.render(
        'New workspace',
        html`<section class="narrow"><h1>New workspace</h1>
<form method="post" action="/workspaces" class="stack">
  ${csrfField(ctx.csrfToken)}
  <div class="field"><label for="name">Name</label><input id="name" name="name" required maxlength="200"></div>
  <div class="field"><label for="timeZone">Time zone</label>${timeZoneSelect('timeZone', 'timeZone', 'UTC')}
  <p class="hint"><span data-detect-zone="timeZone"></span></p></div>
  <button type="submit">Create workspace</button>
</form></section>`,
      ),
    ),

    route.user('POST', '/workspaces', async (ctx) => {
      const name = (ctx.form.get('name') ?? '').trim();
      const timeZone = ctx.form.get('timeZone') ?? 'UTC';
      if (!name || !isTimeZone(timeZone))
        throw new ValidationError([{ path: 'name', message: 'a name and a time zone are required' }]);
      const workspace = await ctx.deps.relaypost.workspaces.create({ name, timeZone });
      await ctx.deps.users.addMembership(ctx.user.id, workspace.id, 'owner');
      await ctx.deps.sessions.setWorkspace(ctx.session.id, workspace.id);
      ctx.setFlash('notice', `Workspace “${workspace.name}” created.`);
      return redirect('/settings');
    }),

    route.user('POST', '/workspaces/switch', async (ctx) => {
      const workspaceId = ctx.form.get('workspaceId') ?? '';
      const membership = await ctx.deps.users.membership(ctx.user.id, workspaceId).catch(() => null);
      if (!membership) throw new HttpError(403, 'You are not a member of that workspace.');
      await ctx.deps.sessions.setWorkspace(ctx.session.id, workspaceId);
      return redirect('/posts');
    }),
  ];
}
