import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Context } from 'hono';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this, compressing costs more than the bytes it saves. */
const THRESHOLD_BYTES = 1024;

/**
 * Answers with a JSON text compressed in one call on libuv's thread pool,
 * instead of chunk by chunk through a web stream on the event loop, at the
 * fastest settings: Brotli quality 1 packs a sync page about as tight as
 * gzip's default level in a third of the time (the benchmark's 14.6 MB first
 * pull: 2.0 MB in 60 ms, against 2.0 MB in 180 ms), and gzip level 1 serves
 * clients without Brotli. The compress middleware leaves such an answer alone.
 */
export async function compressedJson(c: Context, json: string): Promise<Response> {
  c.header('Content-Type', 'application/json; charset=UTF-8');
  c.header('Vary', 'Accept-Encoding');
  const accepts = c.req.header('accept-encoding') ?? '';
  const encoding = json.length < THRESHOLD_BYTES ? null : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  if (!encoding) return c.body(json);
  const body = Buffer.from(json, 'utf8');
  const packed =
    encoding === 'br'
      ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : await gzip(body, { level: 1 });
  c.header('Content-Encoding', encoding);
  return c.body(new Uint8Array(packed));
}
