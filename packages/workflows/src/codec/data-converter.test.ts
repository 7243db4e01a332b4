import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createRelayPostDataConverter, failureConverterPath } from './data-converter.js';

describe('RelayPost data converter', () => {
  it('encrypts payloads and points workers at a failure converter that hides messages', async () => {
    const converter = createRelayPostDataConverter({
      keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }],
    });
    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.failureConverterPath).toBe(failureConverterPath);

    const { failureConverter } = (await import(
      failureConverterPath
    )) as typeof import('./failure-converter.js');
    const failure = failureConverter.errorToFailure(
      new Error('Bluesky refused "our secret launch text"'),
      defaultPayloadConverter,
    );
    // The message and stack move into encodedAttributes, which the payload codec encrypts.
    expect(failure.message).not.toContain('secret launch');
    expect(failure.stackTrace ?? '').not.toContain('secret launch');
    expect(failure.encodedAttributes).toBeTruthy();
  });
});
