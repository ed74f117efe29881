import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/** The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the server believes. */
export interface TrustedProxies {
  trusts(address: string): boolean;
}

/** "::ffff:10.0.0.1" is how Node names an IPv4 peer on a dual-stack socket. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function family(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/**
 * Reads TRUST_PROXY: a comma-separated list of addresses and CIDR ranges
 * ("127.0.0.1, 10.0.0.0/8, fd00::/8"), or "loopback". Empty or unset trusts
 * nobody. A hop count is deliberately not accepted: it would believe whatever
 * a client that reaches the server directly writes in the header.
 */
export function parseTrustProxy(value: string | undefined): TrustedProxies | null {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', prefix] = entry.split('/');
    const type = family(address);
    const bits = prefix === undefined ? null : Number(prefix);
    if (!type || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > (type === 'ipv4' ? 32 : 128)))) {
      throw new Error(`TRUST_PROXY: "${entry}" is not an address, a CIDR range or "loopback"`);
    }
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return {
    trusts(address) {
      const plain = plainAddress(address);
      const type = family(plain);
      return type !== null && list.check(plain, type);
    },
  };
}

function socketAddress(c: Parameters<MiddlewareHandler>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Requests made in-process (tests) have no socket.
    return null;
  }
}

/**
 * Sets `clientAddress` and `https` for the routes: from the socket, unless the
 * direct peer is a trusted proxy. Then the client is the rightmost address of
 * X-Forwarded-For that is not itself a trusted proxy (addresses to its left
 * were written by whoever sent the request, and may be invented), and the
 * scheme is the proxy's X-Forwarded-Proto.
 */
export function clientInfo(trusted: TrustedProxies | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const peer = socketAddress(c);
    let address = peer ? plainAddress(peer) : 'unknown';
    let https = new URL(c.req.url).protocol === 'https:';
    if (peer && trusted?.trusts(peer)) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => plainAddress(hop.trim()));
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i]!;
        if (!family(hop)) break;
        address = hop;
        if (!trusted.trusts(hop)) break;
      }
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
      if (proto) https = proto === 'https';
    }
    c.set('clientAddress', address);
    c.set('https', https);
    await next();
  };
}
