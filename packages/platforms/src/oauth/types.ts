import type { ConnectableAccount, Credentials, CredentialsInput } from '@relaypost/core';

/** What a token endpoint answered, read the same way for every platform. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | undefined;
  /** When the access token ends (ms since the epoch), when the answer says. */
  expiresAt: number | undefined;
  /** When the refresh token ends (ms since the epoch), when the answer says. */
  refreshTokenExpiresAt: number | undefined;
  /** The granted scopes, when the answer lists them. */
  scopes: string[] | undefined;
  tokenType: string | undefined;
  /** The whole answer, for a platform's own fields (TikTok's `open_id`, Instagram's `user_id`). */
  answer: Readonly<Record<string, unknown>>;
}

/** The callback's code, the redirect URI it was issued for, and the PKCE verifier if one was used. */
export interface CodeGrant {
  code: string;
  redirectUri: string;
  codeVerifier?: string | undefined;
}

/**
 * The two grants a platform's token endpoint offers. The OAuth helper makes them for a standard
 * endpoint; a platform whose endpoint is not standard (Meta's GET exchanges) writes its own.
 */
export interface TokenGrants {
  exchange(grant: CodeGrant): Promise<TokenSet>;
  /** Absent when the platform cannot refresh (LinkedIn without partner access, Facebook Login). */
  refresh?(credentials: Credentials): Promise<TokenSet>;
}

/** What the account reader gets after the code exchange. */
export interface ConnectSession {
  tokens: TokenSet;
  /** The credentials to store, made from `tokens`. */
  credentials: CredentialsInput;
  /** The granted scopes, or the requested defaults when the answer does not list them. */
  scopes: string[];
}

/**
 * Everything about a platform's OAuth 2 that differs from the next one; {@link createOAuth2Auth}
 * does the rest.
 */
export interface OAuthProvider<Grants extends TokenGrants = TokenGrants> {
  platform: string;
  /** The page the user is sent to. */
  authorizeUrl: string;
  clientId: string;
  /** The query parameter that carries the client id: `client_id`, or TikTok's `client_key`. */
  clientIdParam?: string;
  /** The default scopes. */
  scopes: readonly string[];
  /** How scopes are joined in the authorization URL: a space, or a comma (TikTok, Meta, Pinterest). */
  scopeSeparator: string;
  /**
   * `required`: the URL and the exchange refuse to go without it (X); `optional`: sent when given
   * (Google, TikTok's desktop flow); `none`: never sent.
   */
  pkce: 'required' | 'optional' | 'none';
  /** Further parameters of the authorization URL (Google's `access_type`, Reddit's `duration`). */
  authorizeParams?: Readonly<Record<string, string>>;
  tokens: Grants;
  /**
   * Every refresh answer carries a new refresh token and the used one is dead (X, TikTok): an
   * answer without one leaves none to keep. Otherwise the used one is kept until a new one comes.
   */
  rotatesEveryRefresh?: boolean;
  /** Reads the accounts the grant reaches (the user, their pages, channels or organizations). */
  accounts(session: ConnectSession): Promise<ConnectableAccount[]>;
}
