/**
 * `@relaypost/platforms/conformance`: the test suite every platform adapter must pass against
 * its fake. Needs vitest.
 *
 * @packageDocumentation
 */
export { authorizeAtFake, type ConnectedTestAccount, connectThroughAuth } from './connect.js';
export { type AdapterConformanceHarness, describeAdapterConformance, type InvalidSample } from './suite.js';
