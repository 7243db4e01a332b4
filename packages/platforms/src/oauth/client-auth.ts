import * as oauth from 'oauth4webapi';

/**
 * How an app proves itself at a token endpoint, as oauth4webapi's `ClientAuth` hooks.
 *
 * @example
 * ```ts
 * tokenEndpoint({ ...config, clientAuth: clientAuth.basic(clientSecret) });
 * ```
 */
export const clientAuth = {
  /** `client_id` and `client_secret` in the form body (LinkedIn, Google, Meta's POST exchanges). */
  post: (secret: string): oauth.ClientAuth => oauth.ClientSecretPost(secret),

  /**
   * HTTP Basic with `base64(client_id:client_secret)` as RFC 7617 and the platforms document it
   * (X's example header keeps the `-` of its secret; Pinterest and Reddit say the same). Not
   * oauth4webapi's `ClientSecretBasic`: it form-encodes both first (RFC 6749 §2.3.1), turning
   * `-`, `_` and `.` into `%2D`, `%5F`, `%2E`, which servers that do not decode refuse
   * (panva/oauth4webapi#148, #199). An empty secret is Reddit's installed app.
   */
  basic:
    (secret: string): oauth.ClientAuth =>
    (_as, client, _body, headers) => {
      headers.set('authorization', `Basic ${btoa(`${client.client_id}:${secret}`)}`);
    },

  /** A public client: only `client_id` in the form body (X without a secret). */
  none: (): oauth.ClientAuth => oauth.None(),

  /** Fields of the platform's own naming in the form body (TikTok's `client_key`, `client_secret`). */
  fields:
    (fields: Readonly<Record<string, string>>): oauth.ClientAuth =>
    (_as, _client, body) => {
      for (const [name, value] of Object.entries(fields)) body.set(name, value);
    },
};
