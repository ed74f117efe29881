import { connect } from 'node:net';

/** One request as the fuzz writes it on the wire, byte for byte. */
export interface FuzzRequest {
  /** What kind of malformation this is, for the report. */
  kind: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
  /**
   * `whole`: the body at once (with Content-Length unless the headers say otherwise);
   * `chunked`: Transfer-Encoding chunked, in pieces; `slow`: a few bytes every 100 ms;
   * `raw`: `body` is the whole request, request line and headers included;
   * `slow-raw`: the same, a few bytes every 100 ms.
   */
  delivery: 'whole' | 'chunked' | 'slow' | 'raw' | 'slow-raw';
  /** The server may close the connection before answering: it refused to read on (a body over the limit). */
  mayClose?: boolean;
  /** How long the answer may take, when not the fuzz's usual deadline. */
  deadlineMs?: number;
}

export interface Outcome {
  /** The status the server answered, or what happened instead. */
  status: number | 'closed' | 'hang';
  ms: number;
  /** The response body (de-chunked), for the checks that read it. */
  body: string;
  /** The socket error that ended the exchange, if any (ECONNRESET, EPIPE). */
  error?: string;
}

/** The request as text, for a person to read or replay; long bodies are cut. */
export function describeRequest(request: FuzzRequest, maxBody = 4000): string {
  const body = request.body ?? Buffer.alloc(0);
  const shown = body.length > maxBody ? `${body.subarray(0, maxBody).toString('latin1')}… (${body.length} bytes in all)` : body.toString('latin1');
  if (request.delivery === 'raw' || request.delivery === 'slow-raw') return `${request.delivery} bytes (${request.kind}): ${JSON.stringify(shown)}`;
  const headers = request.headers.map(([name, value]) => `${name}: ${value.length > 300 ? `${value.slice(0, 300)}… (${value.length} chars)` : value}`);
  return [`${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}…` : request.path} HTTP/1.1 (${request.delivery}, ${request.kind})`, ...headers, '', shown].join('\n');
}

function head(request: FuzzRequest, port: number): string {
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const length = request.body?.length ?? 0;
  if (request.delivery === 'chunked' && !names.has('transfer-encoding')) lines.push('Transfer-Encoding: chunked');
  else if (request.delivery !== 'chunked' && !names.has('content-length') && (length > 0 || request.method === 'POST')) lines.push(`Content-Length: ${length}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Status and body from a whole HTTP/1.1 response (the server closed the connection after it). */
function parseResponse(bytes: Buffer): { status: number; body: string } | null {
  const text = bytes.toString('utf8');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!match) return null;
  const split = text.indexOf('\r\n\r\n');
  const headers = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
    let plain = '';
    let rest = body;
    for (;;) {
      const line = rest.indexOf('\r\n');
      const size = parseInt(rest.slice(0, line), 16);
      if (!(size > 0)) break;
      plain += rest.slice(line + 2, line + 2 + size);
      rest = rest.slice(line + 2 + size + 2);
    }
    body = plain;
  }
  return { status: Number(match[1]), body };
}

/**
 * Writes `request` on a fresh connection and reads until the server closes
 * it (every request says Connection: close). Past `deadlineMs` the request
 * hangs: the connection is dropped and the outcome says so.
 */
export function send(port: number, request: FuzzRequest, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    let error: string | undefined;
    const finish = (status: Outcome['status'] | null) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      const parsed = parseResponse(Buffer.concat(received));
      socket.destroy();
      resolve({ status: status ?? parsed?.status ?? 'closed', ms: performance.now() - started, body: parsed?.body ?? '', error });
    };
    timers.push(setTimeout(() => finish('hang'), deadlineMs));
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('close', () => finish(null));
    // A write racing the server's close (it answered 413 and stopped reading): the close settles it.
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error = cause.code ?? cause.message;
      finish(null);
    });
    // As a browser does: once the server has answered, stop sending (it will not read the rest),
    // so the answer is read rather than lost to a write on a closed connection.
    const writeUntilAnswered = (body: Buffer, at = 0) => {
      while (at < body.length && received.length === 0 && !socket.destroyed) {
        const piece = body.subarray(at, (at += 65536));
        if (!socket.write(piece)) return void socket.once('drain', () => writeUntilAnswered(body, at));
      }
    };
    socket.on('connect', () => {
      const body = request.body ?? Buffer.alloc(0);
      if (request.delivery === 'raw') return void socket.end(body);
      if (request.delivery !== 'slow-raw') socket.write(head(request, port));
      if (request.delivery === 'whole') return void writeUntilAnswered(body);
      if (request.delivery === 'chunked') {
        const pieces = Math.max(1, Math.ceil(body.length / 65536));
        for (let i = 0; i < pieces; i++) {
          const piece = body.subarray(i * 65536, (i + 1) * 65536);
          if (piece.length === 0) continue;
          socket.write(`${piece.length.toString(16)}\r\n`);
          socket.write(piece);
          socket.write('\r\n');
        }
        return void socket.write('0\r\n\r\n');
      }
      // Slow: a few bytes every 100 ms, for as long as the server listens.
      let at = 0;
      const trickle = () => {
        if (settled || socket.destroyed) return;
        if (at >= body.length) return;
        socket.write(body.subarray(at, (at += 3)));
        timers.push(setTimeout(trickle, 100));
      };
      trickle();
    });
  });
}
