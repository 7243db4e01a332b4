/**
 * Contract test: every request the adapter sent to the fake, and every answer the fake gave,
 * must match the official Pinterest v5 OpenAPI document (pinterest/api-description
 * `v5/openapi.json`): the path and method exist, path and query parameters are declared and
 * valid, JSON and form bodies validate against the spec's schemas (following `discriminator`
 * mappings), and each answer matches the schema of its status code.
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
import type { PinterestFake } from './fake/index.js';
import { altPng, clip, pin, png, startPinterest, thirdPng } from './test-fixtures.js';

/** Pinterest's official OpenAPI document, vendored in `specs/`. */
const PINTEREST_OPENAPI_SPEC = new URL('../../specs/pinterest-v5-openapi.json', import.meta.url);

/** Not API paths: the authorize page (www.pinterest.com) and the storage bucket of video uploads. */
const OUTSIDE_SPEC = new Set(['GET /oauth/', 'GET /oauth', 'POST /upload/', 'POST /upload']);

interface Operation {
  parameters?: Json[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; parameters: Record<string, Json> };
}

function loadSpec() {
  const spec = JSON.parse(readFileSync(fileURLToPath(PINTEREST_OPENAPI_SPEC), 'utf8')) as Spec;
  convertNullable(spec);
  // OpenAPI's numeric and binary formats are annotations only.
  const validator = specValidators(spec as unknown as Json, 'pinterest-openapi', [
    'int32',
    'int64',
    'double',
    'float',
    'binary',
  ]);
  /** The schema object a JSON pointer names, following one `$ref`. */
  const schemaAt = (pointer: string): Json | undefined => {
    let node: unknown = spec;
    for (const part of pointer.replace(/^#\//, '').split('/')) {
      node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const ref = (node as Json | undefined)?.$ref;
    return typeof ref === 'string' ? schemaAt(ref) : (node as Json | undefined);
  };
  return { spec, validator, schemaAt };
}

describe('pinterest contract with the official OpenAPI document', () => {
  const { spec, validator, schemaAt } = loadSpec();
  let fake: PinterestFake;
  let closeAll: () => Promise<void>;
  const problems: string[] = [];
  const checked = new Set<string>();

  /** What is wrong with `value` at `pointer`, also against the schema its `discriminator` maps it to. */
  function problemsOf(label: string, pointer: string, value: unknown): string[] {
    const found: string[] = [];
    const validate = validator(pointer);
    if (!validate(value)) found.push(`${label}: ${JSON.stringify(validate.errors)}`);
    const schema = schemaAt(pointer);
    const discriminator = schema?.discriminator as
      | { propertyName: string; mapping?: Record<string, string> }
      | undefined;
    if (!discriminator?.mapping || typeof value !== 'object' || value === null) return found;
    const tag = (value as Json)[discriminator.propertyName];
    const target = typeof tag === 'string' ? discriminator.mapping[tag] : undefined;
    if (!target)
      return [...found, `${label}: ${discriminator.propertyName}=${String(tag)} is not in the mapping`];
    const mapped = validator(target);
    if (!mapped(value)) found.push(`${label} as ${target}: ${JSON.stringify(mapped.errors)}`);
    return found;
  }

  const check = (label: string, pointer: string, value: unknown) => {
    problems.push(...problemsOf(label, pointer, value));
  };

  function parametersOf(operation: Operation, pointer: string) {
    return (operation.parameters ?? []).map((raw, index) => {
      const ref = typeof raw.$ref === 'string' ? raw.$ref.split('/').at(-1) : undefined;
      const parameter = ref ? (spec.components.parameters[ref] ?? raw) : raw;
      const where = ref
        ? `#/components/parameters/${escapePointer(ref)}/schema`
        : `#${pointer}/parameters/${index}/schema`;
      return { parameter, where };
    });
  }

  function coerce(raw: string, schemaType: unknown): unknown {
    if (schemaType === 'integer' || schemaType === 'number') return Number(raw);
    if (schemaType === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
    if (schemaType === 'array') return raw.split(',');
    return raw;
  }

  function checkParameters(
    label: string,
    operation: Operation,
    pointer: string,
    template: string,
    request: RecordedRequest,
    apiPath: string,
  ): void {
    const declared = parametersOf(operation, pointer);
    for (const [name, raw] of Object.entries(request.query)) {
      const entry = declared.find((d) => d.parameter.in === 'query' && d.parameter.name === name);
      if (!entry) {
        problems.push(`${label}: query parameter ${name} is not in the spec`);
        continue;
      }
      check(
        `${label} query ${name}=${raw}`,
        entry.where,
        coerce(raw, (entry.parameter.schema as Json)?.type),
      );
    }
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const values = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(apiPath)?.slice(1) ?? [];
    names.forEach((name, index) => {
      const entry = declared.find((d) => d.parameter.in === 'path' && d.parameter.name === name);
      if (!entry) problems.push(`${label}: path parameter ${name} is not declared`);
      else check(`${label} path ${name}`, entry.where, decodeURIComponent(values[index] ?? ''));
    });
    for (const { parameter } of declared) {
      if (
        parameter.in === 'query' &&
        parameter.required === true &&
        !(String(parameter.name) in request.query)
      )
        problems.push(`${label}: required query parameter ${String(parameter.name)} is missing`);
    }
  }

  function requestBodyOf(request: RecordedRequest): { type: string; value: unknown } | undefined {
    if (request.body.length === 0) return undefined;
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (request.form) return { type, value: request.form };
    return { type, value: request.json ?? request.body.toString('utf8') };
  }

  beforeAll(async () => {
    const started = await startPinterest({ processingPolls: 2 });
    fake = started.fake;
    closeAll = started.close;
    const { adapter, board, media } = started;
    for (let i = 0; i < 260; i++) fake.addBoard(`Board ${i}`);
    const connected = await connectThroughAuth(adapter, { redirectUri: 'https://app.example.test/cb' });
    const original = connected.credentials;
    connected.credentials = credentialsFromInput(await adapter.auth.refresh(original));
    const request = (content: PublishRequest['content'], access = media): PublishRequest => ({
      account: connected.account,
      credentials: connected.credentials,
      content,
      media: access,
      idempotencyKey: crypto.randomUUID(),
    });
    const section = board.sections[0]?.id;
    await adapter.listBoards({ credentials: connected.credentials, privacy: 'PUBLIC' });
    await adapter.listBoardSections({ credentials: connected.credentials, boardId: board.id });
    const one = await adapter.publish(
      request(
        pin('One image', [altPng.asset], {
          boardId: board.id,
          boardSectionId: section,
          title: 'Title',
          link: 'https://relaypost.dev/a',
          dominantColor: '#6E7874',
        }),
      ),
    );
    await adapter.publish(
      request(pin('Inline image', [png.asset], { boardId: board.id }), started.bytesOnly),
    );
    await adapter.publish(
      request(pin('Three images', [png.asset, altPng.asset, thirdPng.asset], { boardId: board.id })),
    );
    const video = await adapter.publish(request(pin('A clip', [clip.asset], { boardId: board.id })));
    await adapter.publish(
      request(pin('A clip with a cover', [clip.asset], { boardId: board.id, coverImageKeyFrameTime: 2 })),
    );
    await adapter.findPublished(
      request(
        pin('One image', [altPng.asset], {
          boardId: board.id,
          boardSectionId: section,
          title: 'Title',
          link: 'https://relaypost.dev/a',
        }),
      ),
    );
    await adapter.findPublished(request(pin('never posted', [png.asset], { boardId: board.id })));
    for (const published of [one, video])
      await adapter.delete({ ...connected, externalId: published.externalId });
    await adapter.delete({ ...connected, externalId: one.externalId }).catch(() => undefined);
    // Error answers must match the spec too.
    fake.failNextPublish({ kind: 'rate_limit', retryAfterSeconds: 5 });
    await adapter.publish(request(pin('limited', [png.asset], { boardId: board.id }))).catch(() => undefined);
    fake.failNextPublish({ kind: 'validation', message: 'nope' });
    await adapter.publish(request(pin('refused', [png.asset], { boardId: board.id }))).catch(() => undefined);
    fake.failNextPublish({ kind: 'server_error', status: 503 });
    await adapter
      .publish(request(pin('unavailable', [png.asset], { boardId: board.id })))
      .catch(() => undefined);
    await adapter.publish(request(pin('no board', [png.asset], { boardId: '1' }))).catch(() => undefined);
    fake.failNextProcessing();
    await adapter
      .publish(request(pin('bad clip', [clip.asset], { boardId: board.id })))
      .catch(() => undefined);
    // The refresh token used above was retired by the rotation.
    await adapter.auth.refresh(original).catch(() => undefined);
    fake.expireAccessTokens();
    await adapter.publish(request(pin('expired', [png.asset], { boardId: board.id }))).catch(() => undefined);

    for (const { request: recorded, response } of fake.exchanges()) {
      const label = `${recorded.method} ${recorded.path}`;
      if (OUTSIDE_SPEC.has(label)) continue;
      if (!recorded.path.startsWith('/v5/')) {
        problems.push(`${label}: not under the /v5 server root`);
        continue;
      }
      const apiPath = recorded.path.slice('/v5'.length);
      const template = templateFor(spec.paths, recorded.method, apiPath);
      if (!template) {
        problems.push(`${label}: no such path and method in the spec`);
        continue;
      }
      const method = recorded.method.toLowerCase();
      const operation = spec.paths[template]?.[method] as Operation;
      const pointer = `/paths/${escapePointer(template)}/${method}`;
      checked.add(`${recorded.method} ${template} ${response.status}`);
      checkParameters(label, operation, pointer, template, recorded, apiPath);

      const body = requestBodyOf(recorded);
      const declared = operation.requestBody?.content ?? {};
      if (body) {
        if (!declared[body.type]) problems.push(`${label}: the spec takes no ${body.type} body`);
        else
          check(
            `${label} request`,
            `#${pointer}/requestBody/content/${escapePointer(body.type)}/schema`,
            body.value,
          );
      } else if (operation.requestBody?.required) problems.push(`${label}: the spec requires a body`);

      const status = String(response.status);
      const answers = operation.responses[status] ? status : 'default';
      const declaredAnswer = operation.responses[answers];
      if (!declaredAnswer) {
        problems.push(`${label}: the spec has no ${status} answer`);
        continue;
      }
      if (response.body === undefined) {
        if (declaredAnswer.content) problems.push(`${label} → ${status}: the spec expects a body`);
        continue;
      }
      const contentType = (response.headers?.['content-type'] ?? 'application/json').split(';')[0] ?? '';
      if (!declaredAnswer.content?.[contentType]) {
        problems.push(`${label}: the spec has no ${contentType} answer for ${status}`);
        continue;
      }
      check(
        `${label} → ${status}`,
        `#${pointer}/responses/${answers}/content/${escapePointer(contentType)}/schema`,
        response.body,
      );
    }
  });

  afterAll(async () => {
    await closeAll?.();
  });

  it('every request and answer matches the spec', () => {
    expect(problems).toEqual([]);
  });

  it('exercised every endpoint the adapter uses, success and failure', () => {
    const covered = [...checked].join('\n');
    for (const expected of [
      'POST /oauth/token 200',
      'POST /oauth/token 400',
      'GET /user_account 200',
      'GET /boards 200',
      'GET /boards/{board_id}/sections 200',
      'GET /boards/{board_id}/pins 200',
      'POST /pins 201',
      'POST /pins 400',
      'POST /pins 401',
      'POST /pins 404',
      'POST /pins 429',
      'POST /pins 503',
      'DELETE /pins/{pin_id} 204',
      'DELETE /pins/{pin_id} 404',
      'POST /media 201',
      'GET /media/{media_id} 200',
    ])
      expect(covered).toContain(expected);
  });

  it('followed bookmarks through the board listing', () => {
    const listings = fake.server.requestsTo('GET', '/v5/boards');
    expect(listings.length).toBeGreaterThanOrEqual(2);
    expect(listings.some((r) => r.query.bookmark)).toBe(true);
  });

  it('the validator bites: broken bodies fail', () => {
    const create = '#/components/schemas/PinCreate';
    const image = { source_type: 'image_url', url: 'https://x.test/a.png' };
    expect(problemsOf('ok', create, { board_id: '1', media_source: image })).toEqual([]);
    expect(problemsOf('long title', create, { board_id: '1', title: 'a'.repeat(101) })).not.toEqual([]);
    expect(problemsOf('bad board', create, { board_id: 'abc' })).not.toEqual([]);
    const oneItem = { source_type: 'multiple_image_urls', items: [{ url: image.url }] };
    expect(problemsOf('one image', create, { board_id: '1', media_source: oneItem })).not.toEqual([]);
    const gif = { source_type: 'image_base64', content_type: 'image/gif', data: 'AAAA' };
    expect(problemsOf('gif base64', create, { board_id: '1', media_source: gif })).not.toEqual([]);
    const token = '#/components/schemas/OauthAccessTokenRequest';
    expect(problemsOf('refresh', token, { grant_type: 'refresh_token', refresh_token: 'r' })).toEqual([]);
    expect(problemsOf('refresh without token', token, { grant_type: 'refresh_token' })).not.toEqual([]);
    const refreshed = '#/components/schemas/OauthAccessTokenResponse';
    const answer = {
      access_token: 'a',
      token_type: 'bearer',
      expires_in: 1,
      scope: 's',
      response_type: 'refresh_token',
    };
    expect(problemsOf('refresh answer without its refresh token', refreshed, answer)).not.toEqual([]);
  });
});
