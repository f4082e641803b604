/**
 * Everything the conversation checker remembers about one connection, in one place: what
 * CONNECT and CONNACK announced, the packet identifiers in flight in each direction, the Topic
 * Alias maps, the subscriptions granted, the pending requests and pings, the authentication
 * exchange, DISCONNECTs and the times of the last packets. The checks (`checks.ts`) read and
 * update it; nothing else does.
 *
 * @module
 */
import type { ConnackPacket, ConnectPacket, ProtocolVersion, Sender } from '../index.js';

/** A QoS 1 or QoS 2 PUBLISH whose flow is not complete, kept by its sender's side. */
export interface Flight {
  /** Index of the PUBLISH in the conversation. */
  index: number;
  qos: 1 | 2;
  /**
   * `sent`: awaiting PUBACK / PUBREC; `received`: PUBREC seen, awaiting PUBREL;
   * `released`: PUBREL sent, awaiting PUBCOMP.
   */
  stage: 'sent' | 'received' | 'released';
  /** Effective topic (alias resolved), or undefined when it could not be resolved. */
  topic: string | undefined;
  payload: Uint8Array | string;
  /** Index of the PUBREC, once seen, and its arrival rank (for the PUBREL order rule). */
  pubrecIndex?: number;
  pubrecRank?: number;
  /** Index of the PUBREL, once sent. */
  pubrelIndex?: number;
}

/** A SUBSCRIBE or UNSUBSCRIBE awaiting its answer. */
export interface PendingRequest {
  index: number;
  kind: 'subscribe' | 'unsubscribe';
  filters: string[];
  /** Requested QoS per filter (SUBSCRIBE only). */
  qos: number[];
}

/** What one side has sent. */
export interface SideState {
  /** Bytes consumed from this side's stream (whole packets). */
  offset: number;
  /** Time of this side's last packet, when times are given. */
  lastTime: number | undefined;
  /** Index of this side's DISCONNECT, or null. */
  disconnectIndex: number | null;
  /** Index of this side's first undecodable packet, or null (later bytes are not read). */
  malformedIndex: number | null;
  /** This side's QoS > 0 PUBLISHes whose flow is not complete, by packet identifier. */
  flights: Map<number, Flight>;
  /** Identifiers of this side's PUBLISHes acknowledged with a failure code (PUBACK / PUBREC ≥ 0x80). */
  failedAcks: Set<number>;
  /** Identifiers of this side's PUBLISHes whose flow completed on this connection (until reused). */
  completed: Set<number>;
  /**
   * This side's PUBRELs for no known QoS 2 flow, by packet identifier → record index: faults of
   * this side, but the receiver still answers each with a PUBCOMP (3.1.1 MQTT-4.3.3-2; 5.0 with
   * 0x92 Packet Identifier not found), which is then no fault of the receiver.
   */
  strayPubrels: Map<number, number>;
  /** The Topic Aliases this side has mapped, alias → Topic Name. */
  aliases: Map<number, string>;
  /** True once this side sent a Topic Alias the receiver may refuse (above maximum, unmapped). */
  aliasFault: boolean;
}

/** The state of one connection as the checker follows it. */
export interface ConversationState {
  /** The protocol version: from CONNECT, else the option, else 4. */
  version: ProtocolVersion;
  connect: ConnectPacket | null;
  connectIndex: number;
  connack: ConnackPacket | null;
  connackIndex: number;
  /** True when the CONNACK refused the connection. */
  connackFailed: boolean;
  client: SideState;
  server: SideState;
  /** The client's SUBSCRIBE / UNSUBSCRIBE awaiting an answer, by packet identifier. */
  requests: Map<number, PendingRequest>;
  /** Requests answered already, by identifier (to tell a second answer from a stray one). */
  answered: Map<number, 'subscribe' | 'unsubscribe'>;
  /** Subscriptions granted on this connection: Topic Filter (share prefix removed) → granted QoS. */
  subscriptions: Map<string, number>;
  /** Indexes of PINGREQs awaiting PINGRESP. */
  pings: number[];
  /** Count of PUBRECs seen, to rank them for the PUBREL order rule. */
  pubrecs: number;
  /** True after a server AUTH 0x18 that the client has not answered yet. */
  authAwaitingClient: boolean;
  /**
   * True when the conversation was started after the connection opened (option `midConnection`):
   * until a CONNECT is seen, packets answering ones before the capture are not faults.
   */
  midConnection: boolean;
  /** Checks reported once per connection, by name. */
  once: Set<string>;
}

/**
 * A side's state. Its maps and sets are made on first use: most connections never need most of
 * them (QoS 0 traffic has no flights, few clients alias topics), and a capture follows tens of
 * thousands of connections, each with a checker.
 */
class Side implements SideState {
  offset = 0;
  lastTime: number | undefined = undefined;
  disconnectIndex: number | null = null;
  malformedIndex: number | null = null;
  aliasFault = false;
  private flightMap: Map<number, Flight> | undefined;
  private failedSet: Set<number> | undefined;
  private completedSet: Set<number> | undefined;
  private strayMap: Map<number, number> | undefined;
  private aliasMap: Map<number, string> | undefined;

  get flights(): Map<number, Flight> {
    return (this.flightMap ??= new Map());
  }

  get failedAcks(): Set<number> {
    return (this.failedSet ??= new Set());
  }

  get completed(): Set<number> {
    return (this.completedSet ??= new Set());
  }

  get strayPubrels(): Map<number, number> {
    return (this.strayMap ??= new Map());
  }

  get aliases(): Map<number, string> {
    return (this.aliasMap ??= new Map());
  }
}

/** A connection's state; its maps and sets, as a side's, are made on first use. */
class State implements ConversationState {
  connect: ConnectPacket | null = null;
  // Stryker disable next-line UnaryOperator: equivalent; read only once the CONNECT that sets it was seen
  connectIndex = -1;
  connack: ConnackPacket | null = null;
  // Stryker disable next-line UnaryOperator: equivalent; read only once the CONNACK that sets it was seen
  connackIndex = -1;
  connackFailed = false;
  readonly client: SideState = new Side();
  readonly server: SideState = new Side();
  pings: number[] = [];
  pubrecs = 0;
  authAwaitingClient = false;
  private requestMap: Map<number, PendingRequest> | undefined;
  private answeredMap: Map<number, 'subscribe' | 'unsubscribe'> | undefined;
  private subscriptionMap: Map<string, number> | undefined;
  private onceSet: Set<string> | undefined;

  constructor(
    public version: ProtocolVersion,
    public midConnection: boolean,
  ) {}

  get requests(): Map<number, PendingRequest> {
    return (this.requestMap ??= new Map());
  }

  get answered(): Map<number, 'subscribe' | 'unsubscribe'> {
    return (this.answeredMap ??= new Map());
  }

  get subscriptions(): Map<string, number> {
    return (this.subscriptionMap ??= new Map());
  }

  get once(): Set<string> {
    return (this.onceSet ??= new Set());
  }
}

/** A fresh state for a connection of `version` (until a CONNECT says otherwise). */
export function createState(version: ProtocolVersion, midConnection = false): ConversationState {
  return new State(version, midConnection);
}

/** The other side. */
export function other(s: Sender): Sender {
  return s === 'client' ? 'server' : 'client';
}

/**
 * True when this connection may continue a session from an earlier one (CONNECT with Clean
 * Start / CleanSession 0, and no CONNACK yet or one with Session Present 1, or no CONNECT seen):
 * then identifiers, retransmissions and subscriptions from before are possible and the checks
 * that need to know all of them stay silent.
 */
export function mayResume(s: ConversationState): boolean {
  if (s.connect === null) return true;
  if (s.connect.cleanStart) return false;
  return s.connack === null || s.connack.sessionPresent;
}

/**
 * The Keep Alive in force, seconds (0: none): 5.0's Server Keep Alive when the CONNACK gave one,
 * else the CONNECT's.
 */
export function keepAlive(s: ConversationState): number {
  if (s.connect === null) return 0;
  const server = s.version === 5 ? s.connack?.properties?.serverKeepAlive : undefined;
  return server ?? s.connect.keepAlive;
}

/**
 * What the receiver of `sender`'s packets announced (5.0): its Receive Maximum (default 65,535),
 * Maximum Packet Size (default none), Topic Alias Maximum (default 0); for a client sender also the
 * server's Maximum QoS (default 2) and Retain Available (default 1).
 */
export function receiverLimits(s: ConversationState, sender: Sender) {
  const p = sender === 'client' ? s.connack?.properties : s.connect?.properties;
  return {
    receiveMaximum: p?.receiveMaximum ?? 65535,
    maximumPacketSize: p?.maximumPacketSize,
    topicAliasMaximum: p?.topicAliasMaximum ?? 0,
    // Stryker disable next-line ConditionalExpression: equivalent; the checks read maximumQoS of a client's limits only
    maximumQoS: sender === 'client' ? (p?.maximumQoS ?? 2) : 2,
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent; read of a client's limits only, and only compared with 0 (absent and 1 alike)
    retainAvailable: sender === 'client' ? (p?.retainAvailable ?? 1) : 1,
  };
}
