import type { Context } from 'hono';
import * as v from 'valibot';
import { MAX_BODY_BYTES } from '../../shared/api';
import { ApiError } from './api-error';
import { clipText } from './clip-text';
import { MAX_JSON_DEPTH, findPrototypeKey, nestsDeeperThan } from './json-shape';

/**
 * The request body, parsed and validated against a shared schema. Every way a
 * body can be wrong ends as a 4xx ApiError with a message a developer can act on.
 * The body arrives already read and bounded (bounded-body.ts stops at
 * MAX_BODY_BYTES, chunked or not); the value returned is valibot's output,
 * never the raw parse.
 */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw payloadTooLarge();

  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > MAX_BODY_BYTES) throw payloadTooLarge();

  let body: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      throw new ApiError(400, 'bad_json', `The body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    body = JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'bad_json', `The body is not valid JSON: ${detail}`);
  }
  const prototypeKey = findPrototypeKey(body);
  if (prototypeKey) {
    throw new ApiError(400, 'bad_json', `The body has a key named like an object's prototype (${prototypeKey}); such keys are refused.`);
  }

  const result = v.safeParse(schema, body);
  if (!result.success) {
    // The first few issues say what is wrong; a body with thousands would get them all back.
    const issues = result.issues.slice(0, MAX_ISSUES).map((issue) => ({
      path: clipText(v.getDotPath(issue) ?? '(body)', 200),
      // valibot words a missing key as "Invalid key: Expected …"; say what a person would.
      message: issue.input === undefined && issue.kind === 'schema' ? 'is required' : clipText(issue.message, 300),
    }));
    const more = result.issues.length - issues.length;
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
    throw new ApiError(422, 'invalid_request', `The request is not valid: ${summary}`, issues);
  }
  return result.output;
}

const MAX_ISSUES = 20;

/** The answer to a body over MAX_BODY_BYTES, however it was sent. */
export function payloadTooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
}
