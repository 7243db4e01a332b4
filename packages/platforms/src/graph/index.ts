export {
  appSecretProof,
  createGraphClient,
  GRAPH_DEFAULT_VERSION,
  type GraphCallOptions,
  type GraphClient,
  type GraphClientConfig,
  THREADS_DEFAULT_VERSION,
} from './client.js';
export {
  type ContainerOutcome,
  type ContainerPolling,
  containerPollingSchema,
  DEFAULT_CONTAINER_POLLING,
  waitForContainer,
} from './containers.js';
export {
  type GraphErrorAction,
  type GraphErrorOptions,
  graphErrorAction,
  graphErrorOf,
  mapGraphError,
  mapGraphOAuthError,
  usageHeaderWait,
} from './errors.js';
export { mediaUrlFor } from './media.js';
export { facebookLoginGrants, longLivedLoginGrants, type MetaTokenConfig } from './meta-login.js';
export { issuesToRejection, withinWindow } from './publish.js';
export { graphCodeTokenSchema, graphErrorEnvelopeSchema, graphIdSchema, graphTokenSchema } from './wire.js';
