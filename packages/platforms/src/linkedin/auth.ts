import type { ConnectableAccount } from '@relaypost/core';
import { ContentRejectedError, NeedsReconnectError } from '@relaypost/core';
import type { KyInstance } from 'ky';
import { platformCall } from '../http/index.js';
import {
  type ConnectSession,
  clientAuth,
  createOAuth2Auth,
  type FreshTokenOptions,
  tokenEndpoint,
} from '../oauth/index.js';
import { mapLinkedInError, mapLinkedInOAuthError } from './errors.js';
import { linkedInCall, restHeaders } from './rest.js';
import {
  linkedInOrganizationAclsSchema,
  linkedInOrganizationSchema,
  linkedInUserInfoSchema,
} from './wire.js';

const PLATFORM = 'linkedin';
const ACL_PAGE_SIZE = 100;
/** A bound on ACL pages, so a misbehaving paging answer cannot loop for ever. */
const ACL_MAX_PAGES = 20;
/** Scopes that let a token read the member's organization roles. */
const ACL_SCOPES = ['rw_organization_admin', 'r_organization_admin'];

/** LinkedIn access tokens last 60 days: refresh (partners only) five minutes before they end. */
export const LINKEDIN_TOKEN_FRESHNESS: FreshTokenOptions = { marginMs: 5 * 60_000 };

/** What the OAuth half of the adapter needs from the factory. */
export interface LinkedInAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  apiVersion: string;
  scopes: readonly string[];
  http: KyInstance;
  /** Offer `refresh` (LinkedIn issues refresh tokens to approved partners only). */
  programmaticRefresh: boolean;
  /** Offer the member as an author, besides the organizations. */
  includeMember: boolean;
  /** Organization roles that make an organization an author the member can post as. */
  organizationRoles: readonly string[];
}

/** Metadata kept with a connected LinkedIn account (not secret). */
export interface LinkedInAccountMetadata {
  authorType: 'person' | 'organization';
  /** The `author` of its posts. */
  authorUrn: string;
  /** The member whose token posts (for an organization, its administrator). */
  memberUrn: string;
  [key: string]: string;
}

const isUrl = (value: string | null | undefined): value is string => !!value && URL.canParse(value);

/** The organizations the member holds one of `roles` in (APPROVED), by URN, in first-seen order. */
async function organizationsOf(config: LinkedInAuthConfig, token: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const role of config.organizationRoles) {
    for (let page = 0; page < ACL_MAX_PAGES; page++) {
      const body = await linkedInCall({ mutating: false, apiVersion: config.apiVersion }, () =>
        config.http
          .get(`${config.apiBaseUrl}/rest/organizationAcls`, {
            headers: restHeaders(token, config.apiVersion),
            searchParams: {
              q: 'roleAssignee',
              role,
              state: 'APPROVED',
              start: String(page * ACL_PAGE_SIZE),
              count: String(ACL_PAGE_SIZE),
            },
          })
          .json(),
      );
      const { elements } = linkedInOrganizationAclsSchema.parse(body);
      for (const acl of elements) {
        if (acl.state && acl.state !== 'APPROVED') continue;
        if (!found.has(acl.organization)) found.set(acl.organization, acl.role ?? role);
      }
      if (elements.length < ACL_PAGE_SIZE) break;
    }
  }
  return found;
}

/** The organization's name and vanity name; a missing lookup is not fatal (the id stands in). */
async function describeOrganization(
  config: LinkedInAuthConfig,
  token: string,
  id: string,
): Promise<{ name: string | undefined; vanityName: string | undefined }> {
  try {
    const body = await linkedInCall({ mutating: false, apiVersion: config.apiVersion }, () =>
      config.http
        .get(`${config.apiBaseUrl}/rest/organizations/${encodeURIComponent(id)}`, {
          headers: restHeaders(token, config.apiVersion),
        })
        .json(),
    );
    const org = linkedInOrganizationSchema.parse(body);
    return { name: org.localizedName ?? undefined, vanityName: org.vanityName ?? undefined };
  } catch (error) {
    // Only a refusal of this lookup is tolerated; a dead token or an outage is not.
    if (ContentRejectedError.isInstance(error)) return { name: undefined, vanityName: undefined };
    throw error;
  }
}

/** The member and, when the grant allows posting for them, the organizations it holds a posting role in. */
async function accountsOf(
  config: LinkedInAuthConfig,
  { tokens, credentials, scopes }: ConnectSession,
): Promise<ConnectableAccount[]> {
  const body = await platformCall(
    { platform: PLATFORM, mutating: false, mapError: (f) => mapLinkedInError(f) },
    () =>
      config.http
        .get(`${config.apiBaseUrl}/v2/userinfo`, {
          headers: { authorization: `Bearer ${tokens.accessToken}` },
        })
        .json(),
  );
  const user = linkedInUserInfoSchema.parse(body);
  const memberUrn = `urn:li:person:${user.sub}`;
  const accounts: ConnectableAccount[] = [];
  if (config.includeMember) {
    accounts.push({
      externalId: memberUrn,
      handle: user.name ?? user.sub,
      ...(user.name ? { displayName: user.name } : {}),
      ...(isUrl(user.picture) ? { avatarUrl: user.picture } : {}),
      scopes,
      credentials,
      metadata: {
        authorType: 'person',
        authorUrn: memberUrn,
        memberUrn,
      } satisfies LinkedInAccountMetadata,
    });
  }
  const canListOrganizations =
    scopes.includes('w_organization_social') && ACL_SCOPES.some((s) => scopes.includes(s));
  if (canListOrganizations) {
    for (const [urn, role] of await organizationsOf(config, tokens.accessToken)) {
      const id = urn.slice(urn.lastIndexOf(':') + 1);
      const { name, vanityName } = await describeOrganization(config, tokens.accessToken, id);
      accounts.push({
        externalId: urn,
        handle: vanityName ?? name ?? `organization-${id}`,
        ...(name ? { displayName: name } : {}),
        scopes,
        credentials,
        metadata: {
          authorType: 'organization',
          authorUrn: urn,
          memberUrn,
          role,
        } satisfies LinkedInAccountMetadata,
      });
    }
  }
  if (accounts.length === 0) {
    throw new NeedsReconnectError({
      platform: PLATFORM,
      message:
        'the member administers no organization this app can post for (and member posting is off): grant w_organization_social and rw_organization_admin',
    });
  }
  return accounts;
}

/**
 * LinkedIn OAuth 2.0 (3-legged authorization code; no PKCE for web apps; client credentials in
 * the token form). `exchangeCode` returns the member (`urn:li:person:{sub}` from `/v2/userinfo`)
 * and, when the grant includes `w_organization_social` and an organization-admin scope, every
 * organization the member holds an approved posting role in (`GET
 * /rest/organizationAcls?q=roleAssignee`), each a separate account on the same credentials.
 * `refresh` exists only with `programmaticRefresh`: a refresh answer repeats the refresh token
 * with its remaining lifetime (refreshing does not extend it).
 *
 * @example
 * ```ts
 * const auth = createLinkedInAuth({ clientId, clientSecret, authorizeUrl, tokenUrl, apiBaseUrl, apiVersion: '202606',
 *   scopes: ['openid', 'profile', 'w_member_social'], http, programmaticRefresh: false, includeMember: true,
 *   organizationRoles: ['ADMINISTRATOR'] });
 * ```
 */
export function createLinkedInAuth(config: LinkedInAuthConfig) {
  const tokens = tokenEndpoint({
    platform: PLATFORM,
    url: config.tokenUrl,
    clientId: config.clientId,
    clientAuth: clientAuth.post(config.clientSecret),
    missingRefreshToken: 'LinkedIn issues them to approved partners only',
    http: config.http,
    mapError: (failure) => mapLinkedInOAuthError(failure),
  });
  const provider = {
    platform: PLATFORM,
    authorizeUrl: config.authorizeUrl,
    clientId: config.clientId,
    scopes: config.scopes,
    scopeSeparator: ' ',
    pkce: 'none',
    accounts: (session: ConnectSession) => accountsOf(config, session),
  } as const;
  return config.programmaticRefresh
    ? createOAuth2Auth({ ...provider, tokens })
    : createOAuth2Auth({ ...provider, tokens: { exchange: tokens.exchange } });
}
