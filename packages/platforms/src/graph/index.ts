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
export {
  exchangeFacebookCode,
  type FacebookLoginConfig,
  facebookAuthorizationUrl,
} from './facebook-login.js';
export { mediaUrlFor } from './media.js';
export { issuesToRejection, withinWindow } from './publish.js';
export { freshGraphToken } from './tokens.js';
export { graphErrorEnvelopeSchema, graphIdSchema, graphTokenSchema } from './wire.js';
