/** A 3.1.1 CONNECT (clean session, keep alive 60) with this client id (protocol level `level`). */
export function connectPacket(clientId: string, level?: number): Buffer;
/** CONNACK, accepted. */
export const CONNACK: Buffer;
/** DISCONNECT (3.1.1). */
export const DISCONNECT: Buffer;
/** A QoS 0 PUBLISH. */
export function publishPacket(topic: string, payload: string | Uint8Array): Buffer;
/** One synthetic TCP connection. */
export interface SynthConnection {
  client(bytes: Uint8Array): void;
  server(bytes: Uint8Array): void;
  close(): void;
}
/** Builds a classic pcap (µs, little-endian, Ethernet) frame by frame. */
export class CaptureBuilder {
  segment(src: string, sport: number, dst: string, dport: number, seq: number, ack: number, flags: number, payload?: Uint8Array): void;
  connection(client: string, cport: number, server: string, sport: number, fromStart?: boolean): SynthConnection;
  bytes(): Buffer;
}
