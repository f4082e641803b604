/**
 * A connection's two endpoints as the per-frame path compares them: IPv4 addresses as numbers
 * (no string per frame), IPv6 by their text.
 *
 * @module
 */
import { u32be } from './bytes.js';
import { addressAt, type Dissection } from './dissection.js';
import type { Connection, Direction } from './types.js';

/** Tells which direction of a connection a frame belongs to, if any. */
export class AddressPair {
  /** IPv4 client and server as numbers; -1 for IPv6. */
  // Stryker disable next-line UnaryOperator: equivalent; serverIp stays -1 until remember sets both, and no address (an unsigned number) equals -1, so no frame matches either way
  private clientIp = -1;
  // Stryker disable next-line UnaryOperator: equivalent; clientIp stays -1 until remember sets both, and match returns undefined for that before it compares serverIp
  private serverIp = -1;

  /** Notes the frame's addresses (its first), the client being the source when `clientIsSrc`. */
  remember(d: Dissection, clientIsSrc: boolean): void {
    if (d.ipVersion !== 4) return;
    const src = u32be(d.data, d.srcAt);
    const dst = u32be(d.data, d.dstAt);
    this.clientIp = clientIsSrc ? src : dst;
    this.serverIp = clientIsSrc ? dst : src;
  }

  /** The direction of the frame in `d` when it belongs to connection `c`. */
  match(d: Dissection, c: Connection): Direction | undefined {
    if (d.ipVersion === 4) {
      // Stryker disable next-line ConditionalExpression: equivalent; -1 (nothing remembered) equals no address (an unsigned number), so the comparisons below return undefined as well (this only saves reading them)
      if (this.clientIp < 0) return undefined;
      const src = u32be(d.data, d.srcAt);
      const dst = u32be(d.data, d.dstAt);
      if (src === this.clientIp && dst === this.serverIp && d.srcPort === c.client.port && d.dstPort === c.server.port) return 'c2s';
      if (src === this.serverIp && dst === this.clientIp && d.srcPort === c.server.port && d.dstPort === c.client.port) return 's2c';
      return undefined;
    }
    if (d.srcPort === c.client.port && d.dstPort === c.server.port && addressAt(d, d.srcAt) === c.client.address && addressAt(d, d.dstAt) === c.server.address) return 'c2s';
    if (d.srcPort === c.server.port && d.dstPort === c.client.port && addressAt(d, d.srcAt) === c.server.address && addressAt(d, d.dstAt) === c.client.address) return 's2c';
    return undefined;
  }
}
