import type { Context } from 'hono';
import * as v from 'valibot';
import { MAX_BODY_BYTES } from '../../shared/api';
import { ApiError } from './api-error';

/**
 * The request body, parsed and validated against a shared schema. Every way a
 * body can be wrong ends as a 4xx ApiError with a message a developer can act on.
 */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();

  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > MAX_BODY_BYTES) throw tooLarge();

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buffer));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'bad_json', `The body is not valid JSON: ${detail}`);
  }

  const result = v.safeParse(schema, body);
  if (!result.success) {
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '(body)',
      // valibot words a missing key as "Invalid key: Expected …"; say what a person would.
      message: issue.input === undefined && issue.kind === 'schema' ? 'is required' : issue.message,
    }));
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ApiError(422, 'invalid_request', `The request is not valid: ${summary}`, issues);
  }
  return result.output;
}

function tooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
}
