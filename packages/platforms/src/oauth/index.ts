export { clientAuth } from './client-auth.js';
export { authorizationUrl, createOAuth2Auth, credentialsOf, type OAuthAuthOf } from './create-auth.js';
export { type FreshTokenOptions, freshAccessToken } from './fresh-token.js';
export { expiryIn, type TokenAnswer, type TokenEndpointConfig, tokenEndpoint } from './token-endpoint.js';
export type { CodeGrant, ConnectSession, OAuthProvider, TokenGrants, TokenSet } from './types.js';
