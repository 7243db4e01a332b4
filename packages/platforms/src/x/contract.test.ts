/**
 * Contract test: every request the adapter sent to the fake, and every answer the fake gave,
 * must match the official X API v2 OpenAPI document (xdevplatform/xdk `latest-openapi.json`):
 * the path and method exist, query parameters are declared (and valid), and JSON / multipart
 * bodies validate against the spec's schemas.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { credentialsFromInput, type PublishRequest } from '@relaypost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convertNullable,
  escapePointer,
  type Json,
  specValidators,
  templateFor,
} from '../../test/openapi.js';
import { connectThroughAuth } from '../conformance/index.js';
import type { RecordedRequest } from '../testing/fake-server.js';
import { memoryMediaAccess } from '../testing/media-fixtures.js';
import type { XFake } from './fake/index.js';
import { altPng, clip, gif, png, post, startX } from './test-fixtures.js';

/** X's official OpenAPI document, vendored in `specs/`. */
const X_OPENAPI_SPEC = new URL('../../specs/x-api-v2-openapi.json', import.meta.url);

/** OAuth endpoints are not part of the OpenAPI document (it only names them as security flows). */
const OUTSIDE_SPEC = new Set(['GET /i/oauth2/authorize', 'POST /2/oauth2/token']);

/**
 * Defects in the published document, fixed before validating. Each names a property as
 * `required` that the schema does not define, and X's own reference pages show answers without
 * it. The test below fails when the spec is corrected, so the erratum can be dropped.
 */
const ERRATA: ReadonlyArray<{ schema: string; dropRequired: string }> = [
  { schema: 'MediaUploadResponse', dropRequired: 'meta' },
  { schema: 'MediaUploadAppendResponse', dropRequired: 'meta' },
  { schema: 'ProcessingInfo', dropRequired: 'type' },
];

interface Operation {
  parameters?: Json[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

function loadSpec() {
  const spec = JSON.parse(readFileSync(fileURLToPath(X_OPENAPI_SPEC), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json>; parameters: Record<string, Json> };
  };
  const errataStillNeeded = ERRATA.map(({ schema, dropRequired }) => {
    const target = spec.components.schemas[schema] as { required?: string[]; properties?: Json };
    const needed =
      (target.required ?? []).includes(dropRequired) && !(dropRequired in (target.properties ?? {}));
    target.required = (target.required ?? []).filter((name) => name !== dropRequired);
    return needed;
  });
  convertNullable(spec);
  // OpenAPI's numeric and binary formats are annotations only.
  const validator = specValidators(spec as unknown as Json, 'x-openapi', [
    'int32',
    'int64',
    'long',
    'double',
    'float',
    'binary',
    'integer',
  ]);
  return { spec, validator, errataStillNeeded };
}

describe('x contract with the official OpenAPI document', () => {
  const { spec, validator, errataStillNeeded } = loadSpec();
  let fake: XFake;
  const problems: string[] = [];
  const checked = new Set<string>();

  function resolveParameter(parameter: Json): Json {
    const ref = parameter.$ref;
    if (typeof ref !== 'string') return parameter;
    return spec.components.parameters[ref.split('/').at(-1) ?? ''] ?? parameter;
  }

  function checkQuery(label: string, operation: Operation, pointer: string, request: RecordedRequest): void {
    // Each declared query parameter with the JSON pointer of its schema.
    const declared = (operation.parameters ?? []).flatMap((raw, index) => {
      const parameter = resolveParameter(raw);
      if (parameter.in !== 'query') return [];
      const ref = typeof raw.$ref === 'string' ? raw.$ref.split('/').at(-1) : undefined;
      const where = ref
        ? `/components/parameters/${escapePointer(ref)}/schema`
        : `${pointer}/parameters/${index}/schema`;
      return [{ parameter, where }];
    });
    for (const [name, raw] of Object.entries(request.query)) {
      const entry = declared.find((d) => d.parameter.name === name);
      if (!entry) {
        problems.push(`${label}: query parameter ${name} is not in the spec`);
        continue;
      }
      const type = (entry.parameter.schema as Json | undefined)?.type;
      const value = type === 'integer' ? Number(raw) : type === 'array' ? raw.split(',') : raw;
      const validate = validator(`#${entry.where}`);
      if (!validate(value))
        problems.push(`${label}: query ${name}=${raw}: ${JSON.stringify(validate.errors)}`);
    }
    for (const { parameter } of declared) {
      if (parameter.required === true && !(String(parameter.name) in request.query))
        problems.push(`${label}: required query parameter ${String(parameter.name)} is missing`);
    }
  }

  function requestBodyOf(request: RecordedRequest): { type: string; value: unknown } | undefined {
    if (request.body.length === 0) return undefined;
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (request.multipart) {
      const value = Object.fromEntries(
        Object.entries(request.multipart).map(([k, v]) => [k, Buffer.isBuffer(v) ? '<binary>' : v]),
      );
      return { type, value };
    }
    return { type, value: request.json ?? request.body.toString('utf8') };
  }

  beforeAll(async () => {
    const started = await startX({ processingPolls: 2 }, 20_000);
    fake = started.fake;
    const adapter = started.adapter;
    const media = memoryMediaAccess([png, altPng, clip, gif]);
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const request = (content: PublishRequest['content']): PublishRequest => ({
      account: connected.account,
      credentials: connected.credentials,
      content,
      media,
      idempotencyKey: crypto.randomUUID(),
    });
    if (adapter.auth.kind === 'oauth2' && adapter.auth.refresh) {
      const refreshed = await adapter.auth.refresh(connected.credentials);
      connected.credentials = credentialsFromInput(refreshed);
    }
    const text = await adapter.publish(request(post('Contract check https://example.com/x &amp; more')));
    await adapter.publish(request(post('Images', [png.asset, altPng.asset])));
    await adapter.publish(request(post('A clip', [clip.asset])));
    await adapter.publish(request(post('A gif', [gif.asset], { options: { replySettings: 'following' } })));
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const thread = await adapter.publish(request(post(long, [png.asset], { thread: true })));
    await adapter.findPublished(request(post(long, [], { thread: true })));
    await adapter.findPublished(request(post('never posted')));
    for (const published of [text, thread])
      await adapter.delete({ ...connected, externalId: published.externalId, parts: published.parts });
    // Error answers must match the spec's error schemas too.
    fake.failNextPublish({ kind: 'rate_limit', retryAfterSeconds: 5 });
    await adapter.publish(request(post('limited'))).catch(() => undefined);
    fake.failNextPublish({ kind: 'validation', message: 'nope' });
    await adapter.publish(request(post('refused'))).catch(() => undefined);
    fake.failNextProcessing('Unsupported video codec');
    await adapter.publish(request(post('bad clip', [clip.asset]))).catch(() => undefined);
    await adapter.delete({ ...connected, externalId: text.externalId }).catch(() => undefined);
    fake.expireAccessTokens();
    await adapter.publish(request(post('expired'))).catch(() => undefined);

    for (const { request: recorded, response } of fake.exchanges()) {
      const label = `${recorded.method} ${recorded.path}`;
      const template = templateFor(spec.paths, recorded.method, recorded.path);
      if (
        OUTSIDE_SPEC.has(label) ||
        OUTSIDE_SPEC.has(`${recorded.method} ${recorded.path.replace(/\/$/, '')}`)
      )
        continue;
      if (!template) {
        problems.push(`${label}: no such path and method in the spec`);
        continue;
      }
      const method = recorded.method.toLowerCase();
      const operation = spec.paths[template]?.[method] as Operation;
      const pointer = `/paths/${escapePointer(template)}/${method}`;
      checked.add(`${recorded.method} ${template} ${response.status}`);
      checkQuery(label, operation, pointer, recorded);

      const body = requestBodyOf(recorded);
      const declared = operation.requestBody?.content ?? {};
      if (body) {
        if (!declared[body.type]) problems.push(`${label}: the spec takes no ${body.type} body`);
        else {
          const validate = validator(`#${pointer}/requestBody/content/${escapePointer(body.type)}/schema`);
          if (!validate(body.value)) problems.push(`${label} request: ${JSON.stringify(validate.errors)}`);
        }
      } else if (operation.requestBody?.required) problems.push(`${label}: the spec requires a body`);

      const status = String(response.status);
      const answers = operation.responses[status] ? status : 'default';
      const contentType = (response.headers?.['content-type'] ?? 'application/json').split(';')[0] ?? '';
      if (!operation.responses[answers]?.content?.[contentType]) {
        problems.push(`${label}: the spec has no ${contentType} answer for ${status}`);
        continue;
      }
      const validate = validator(
        `#${pointer}/responses/${answers}/content/${escapePointer(contentType)}/schema`,
      );
      if (!validate(response.body)) problems.push(`${label} → ${status}: ${JSON.stringify(validate.errors)}`);
    }
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('every request and answer matches the spec', () => {
    expect(problems).toEqual([]);
  });

  it('exercised every endpoint the adapter uses, success and failure', () => {
    const covered = [...checked].join('\n');
    for (const expected of [
      'GET /2/users/me 200',
      'POST /2/tweets 201',
      'POST /2/tweets 429',
      'POST /2/tweets 400',
      'POST /2/tweets 401',
      'DELETE /2/tweets/{id} 200',
      'DELETE /2/tweets/{id} 404',
      'GET /2/users/{id}/tweets 200',
      'POST /2/media/upload/initialize 200',
      'POST /2/media/upload/{id}/append 200',
      'POST /2/media/upload/{id}/finalize 200',
      'GET /2/media/upload 200',
      'POST /2/media/metadata 200',
    ])
      expect(covered).toContain(expected);
  });

  it('the validator bites: broken bodies fail', () => {
    const create = validator(
      `#/paths/${escapePointer('/2/tweets')}/post/requestBody/content/application~1json/schema`,
    );
    expect(create({ text: 'ok', media: { media_ids: ['1'] } })).toBe(true);
    expect(create({ text: 'ok', unknown: true })).toBe(false);
    expect(create({ text: 'ok', media: { media_ids: ['1', '2', '3', '4', '5'] } })).toBe(false);
    const created = validator(
      `#/paths/${escapePointer('/2/tweets')}/post/responses/201/content/application~1json/schema`,
    );
    expect(created({ data: { id: '123', text: 'hi' } })).toBe(true);
    expect(created({ data: { id: 'abc', text: 'hi' } })).toBe(false);
    const upload = validator('#/components/schemas/MediaUploadResponse');
    expect(upload({ data: { id: '1', processing_info: { state: 'done' } } })).toBe(false);
  });

  it('the spec errata still apply (drop them once the document is fixed)', () => {
    expect(errataStillNeeded).toEqual(ERRATA.map(() => true));
  });

  it('the fake speaks problem+json for errors', () => {
    const errors = fake
      .exchanges()
      .filter((e) => e.response.status >= 400 && !e.request.path.includes('oauth2'));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.response.headers?.['content-type']).toBe('application/problem+json');
  });
});
