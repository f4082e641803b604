/**
 * The conversion between mqtt-packet's packet objects and mqtt-codec's packets (src/compat/objects.ts),
 * pinned exactly, both ways, through the drop-in's own entry (so that a mutation run sees it):
 * `generate(object, options)` gives these bytes or this error message, and `parser(options)` emits
 * exactly this object (which keys are present, their values and shapes). Rows marked `true` are
 * what mqtt-packet 9.0.2 itself gives for the same input (checked against it here); the others are
 * the drop-in's documented differences (test/compat/differences.json) or cases where mqtt-packet
 * fails with a TypeError of its own.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MqttCodecError } from '../src/index.js';
import { generate, parser, type GenerateOptions, type MqttPacket, type ParserOptions } from '../src/compat/index.js';

const upstream: {
  generate: (packet: unknown, opts?: unknown) => Uint8Array;
  parser: (opts?: unknown) => { on(event: string, f: (x: unknown) => void): void; parse(b: Uint8Array): number };
} = createRequire(import.meta.url)('mqtt-packet');

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
/** A Buffer of `h` (mqtt-packet's binary values are Buffers). */
const B = (h: string): Buffer => Buffer.from(h, 'hex');
const U8 = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
/** User Properties as mqtt-packet builds them: an object without prototype. */
const np = (o: Record<string, string | string[]>): Record<string, string | string[]> => Object.assign(Object.create(null), o);

/** What `f` gives for `packet`: its bytes in hex, or `ERR <message>`. */
function outcome(f: (packet: never, opts?: GenerateOptions) => Uint8Array, packet: unknown, opts: GenerateOptions | undefined): string {
  try {
    return hex(f(packet as never, opts));
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

/** The packets and errors one parser emits for `bytes`. */
function parsed(bytes: Uint8Array, opts?: ParserOptions): unknown[] {
  const out: unknown[] = [];
  const p = parser(opts);
  p.on('packet', (x) => out.push(x));
  p.on('error', (e) => out.push(`ERR ${e.message}`));
  p.parse(bytes);
  return out;
}

function parsedUpstream(bytes: Uint8Array, opts?: object): unknown[] {
  const out: unknown[] = [];
  const p = upstream.parser(opts);
  p.on('packet', (x) => out.push({ ...(x as object) }));
  p.on('error', (e) => out.push(`ERR ${(e as Error).message}`));
  p.parse(Buffer.from(bytes));
  return out;
}

/** [what, object (built fresh for each use), options, bytes in hex or `ERR <message>`, same as mqtt-packet]. */
type GenerateRow = [string, () => unknown, GenerateOptions | undefined, string, boolean];

// prettier-ignore
const GENERATE: GenerateRow[] = [
      ["connack 3.1.1 sessionPresent", () => ({cmd:'connack',returnCode:0,sessionPresent:true}), undefined, "20020100", true],
      ["connack 3.1.1 returnCode 5 with reasonCode ignored", () => ({cmd:'connack',returnCode:5,reasonCode:0}), {protocolVersion:4}, "20020005", true],
      ["connack 3.1.1 without returnCode", () => ({cmd:'connack',reasonCode:0}), undefined, "ERR Invalid return code", true],
      ["connack 3.1.1 ignores properties", () => ({cmd:'connack',returnCode:0,properties:{reasonString:'x'}}), undefined, "20020000", true],
      ["connack 3.1 as 3.1.1", () => ({cmd:'connack',returnCode:2}), {protocolVersion:3}, "20020002", true],
      ["connack 5.0 reasonCode and properties", () => ({cmd:'connack',reasonCode:0x80,sessionPresent:true,properties:{reasonString:'x'}}), {protocolVersion:5}, "20070180041f000178", true],
      ["connack 5.0 sessionPresent truthy", () => ({cmd:'connack',reasonCode:0,sessionPresent:1}), {protocolVersion:5}, "2003010000", true],
      ["connack 3.1.1 sessionPresent truthy", () => ({cmd:'connack',returnCode:0,sessionPresent:'yes'}), undefined, "20020100", true],
      ["connack 3.1.1 sessionPresent falsy", () => ({cmd:'connack',returnCode:0,sessionPresent:0}), undefined, "20020000", true],
      ["connack 5.0 without reasonCode", () => ({cmd:'connack',returnCode:0}), {protocolVersion:5}, "ERR Invalid return code", true],
      ["connack 5.0 subscriptionIdentifier as one number", () => ({cmd:'connack',reasonCode:0,properties:{subscriptionIdentifier:3}}), {protocolVersion:5}, "20050000020b03", true],
      ["properties null", () => ({cmd:'connack',reasonCode:0,properties:null}), {protocolVersion:5}, "2003000000", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'length')"
      ["properties a string", () => ({cmd:'connack',reasonCode:0,properties:'ab'}), {protocolVersion:5}, "2003000000", true],
      ["properties an array", () => ({cmd:'connack',reasonCode:0,properties:['a']}), {protocolVersion:5}, "2003000000", true],
      ["properties empty", () => ({cmd:'connack',reasonCode:0,properties:{}}), {protocolVersion:5}, "2003000000", true],
      ["property undefined skipped", () => ({cmd:'connack',reasonCode:0,properties:{reasonString:undefined}}), {protocolVersion:5}, "2003000000", true],
      ["unknown property", () => ({cmd:'connack',reasonCode:0,properties:{foo:1}}), {protocolVersion:5}, "ERR Invalid property foo: 1", true],
      ["repeated reasonString", () => ({cmd:'connack',reasonCode:0,properties:{reasonString:['a','b']}}), {protocolVersion:5}, "ERR Malformed Packet: Reason String must be a string", false], // mqtt-packet 9: "200b0000081f0001611f000162"
      ["repeated reasonString bad element", () => ({cmd:'connack',reasonCode:0,properties:{reasonString:['a',5]}}), {protocolVersion:5}, "ERR Invalid reasonString: 5", true],
      ["repeated payloadFormatIndicator", () => ({cmd:'publish',topic:'t',payload:'',properties:{payloadFormatIndicator:[true]}}), {protocolVersion:5}, "ERR Malformed Packet: Payload Format Indicator must be an integer from 0 to 255, not array(1)", false], // mqtt-packet 9: "3006000174020101"
      ["bad payloadFormatIndicator", () => ({cmd:'publish',topic:'t',payload:'',properties:{payloadFormatIndicator:1}}), {protocolVersion:5}, "ERR Invalid payloadFormatIndicator: 1", true],
      ["bad contentType", () => ({cmd:'publish',topic:'t',payload:'',properties:{contentType:5}}), {protocolVersion:5}, "ERR Invalid contentType: 5", true],
      ["bad contentType bytes", () => ({cmd:'publish',topic:'t',payload:'',properties:{contentType:new Uint8Array([0x61])}}), {protocolVersion:5}, "ERR Invalid contentType: 97", true],
      ["bad correlationData", () => ({cmd:'publish',topic:'t',payload:'',properties:{correlationData:5}}), {protocolVersion:5}, "ERR Invalid correlationData: 5", false], // mqtt-packet 9: "ERR The \"string\" argument must be of type string or an instance of Buffer or ArrayBuffer. Receive
      ["bad correlationData boolean", () => ({cmd:'publish',topic:'t',payload:'',properties:{correlationData:true}}), {protocolVersion:5}, "ERR Invalid correlationData: true", false], // mqtt-packet 9: "ERR The \"string\" argument must be of type string or an instance of Buffer or ArrayBuffer. Receive
      ["userProperties null", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:null}}), {protocolVersion:5}, "ERR Invalid userProperties: null", false], // mqtt-packet 9: "ERR Cannot convert undefined or null to object"
      ["userProperties string", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:'x'}}), {protocolVersion:5}, "ERR Invalid userProperties: x", true],
      ["userProperties number", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:5}}), {protocolVersion:5}, "ERR Invalid userProperties: 5", true],
      ["userProperties object value", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:{a:{}}}}), {protocolVersion:5}, "ERR Invalid userProperties: [object Object]", false], // mqtt-packet 9: "30190001741526000161000f5b6f626a656374204f626a6563745d"
      ["userProperties null value", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:{a:null}}}), {protocolVersion:5}, "ERR Invalid userProperties: null", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'toString')"
      ["userProperties mixed array", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:{a:[1,true,{}]}}}), {protocolVersion:5}, "ERR Invalid userProperties: [object Object]", false], // mqtt-packet 9: "302a00017426260001610001312600016100047472756526000161000f5b6f626a656374204f626a6563745d"
      ["userProperties number boolean bigint", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:{n:12,b:false,g:10n,s:'x',r:['1','2']}}}), {protocolVersion:5}, "3034000174302600016e0002313226000162000566616c73652600016700023130260001730001782600017200013126000172000132", true],
      ["userProperties non-enumerable name", () => ({cmd:'publish',topic:'t',payload:'',properties:{userProperties:Object.defineProperty({}, 'h', {value:'v', enumerable:false})}}), {protocolVersion:5}, "300b0001740726000168000176", true],
      ["messageExpiryInterval -1", () => ({cmd:'publish',topic:'t',payload:'',properties:{messageExpiryInterval:-1}}), {protocolVersion:5}, "ERR Invalid messageExpiryInterval: -1", true],
      ["messageExpiryInterval 2^32", () => ({cmd:'publish',topic:'t',payload:'',properties:{messageExpiryInterval:2**32}}), {protocolVersion:5}, "ERR Invalid messageExpiryInterval: 4294967296", true],
      ["messageExpiryInterval max", () => ({cmd:'publish',topic:'t',payload:'',properties:{messageExpiryInterval:2**32-1}}), {protocolVersion:5}, "30090001740502ffffffff", true],
      ["messageExpiryInterval 0", () => ({cmd:'publish',topic:'t',payload:'',properties:{messageExpiryInterval:0}}), {protocolVersion:5}, "3009000174050200000000", true],
      ["messageExpiryInterval string", () => ({cmd:'publish',topic:'t',payload:'',properties:{messageExpiryInterval:'1'}}), {protocolVersion:5}, "ERR Invalid messageExpiryInterval: 1", true],
      ["topicAlias 65536", () => ({cmd:'publish',topic:'t',payload:'',properties:{topicAlias:65536}}), {protocolVersion:5}, "ERR Invalid topicAlias: 65536", true],
      ["topicAlias 65535", () => ({cmd:'publish',topic:'t',payload:'',properties:{topicAlias:65535}}), {protocolVersion:5}, "30070001740323ffff", true],
      ["maximumQoS 256", () => ({cmd:'connack',reasonCode:0,properties:{maximumQoS:256}}), {protocolVersion:5}, "ERR Invalid maximumQoS: 256", true],
      ["maximumQoS 255", () => ({cmd:'connack',reasonCode:0,properties:{maximumQoS:255}}), {protocolVersion:5}, "200500000224ff", true],
      ["maximumQoS 1", () => ({cmd:'connack',reasonCode:0,properties:{maximumQoS:1,retainAvailable:false,wildcardSubscriptionAvailable:true,serverKeepAlive:10,assignedClientIdentifier:'c'}}), {protocolVersion:5}, "201000000d24012500280113000a12000163", true],
      ["subscriptionIdentifier 2^28", () => ({cmd:'publish',topic:'t',payload:'',properties:{subscriptionIdentifier:0x10000000}}), {protocolVersion:5}, "ERR Invalid subscriptionIdentifier: 268435456", true],
      ["subscriptionIdentifier max", () => ({cmd:'publish',topic:'t',payload:'',properties:{subscriptionIdentifier:0x0fffffff}}), {protocolVersion:5}, "3009000174050bffffff7f", true],
      ["subscriptionIdentifier -1", () => ({cmd:'publish',topic:'t',payload:'',properties:{subscriptionIdentifier:-1}}), {protocolVersion:5}, "ERR Invalid subscriptionIdentifier: -1", true],
      ["subscriptionIdentifier bad element", () => ({cmd:'publish',topic:'t',payload:'',properties:{subscriptionIdentifier:[1,-2]}}), {protocolVersion:5}, "ERR Invalid subscriptionIdentifier: -2", true],
      ["publish every property", () => ({cmd:'publish',topic:'t',payload:'p',qos:1,messageId:2,retain:true,dup:true,properties:{payloadFormatIndicator:true,correlationData:'ab',contentType:'c',responseTopic:'r',messageExpiryInterval:9,topicAlias:3,subscriptionIdentifier:[1,2],userProperties:{a:['1','2'],b:'3'}}}), {protocolVersion:5}, "3b3700017400023001010900026162030001630800017202000000092300030b010b0226000161000131260001610001322600016200013370", true],
      ["publish one subscriptionIdentifier, false flag, bytes", () => ({cmd:'publish',topic:'t',payload:'p',properties:{subscriptionIdentifier:5,payloadFormatIndicator:false,correlationData:new Uint8Array([1,2])}}), {protocolVersion:5}, "300e000174090b050100090002010270", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["publish subscriptionIdentifier list of one", () => ({cmd:'publish',topic:'t',payload:'p',properties:{subscriptionIdentifier:[5]}}), {protocolVersion:5}, "3007000174020b0570", true],
      ["publish 3.1.1 ignores properties", () => ({cmd:'publish',topic:'t',payload:'p',properties:{contentType:'c'}}), undefined, "300400017470", true],
      ["publish 3.1.1 qos 2", () => ({cmd:'publish',topic:'a/b',payload:'hello',qos:2,messageId:0x1234,retain:1,dup:'yes'}), undefined, "3d0c0003612f62123468656c6c6f", true],
      ["publish qos 0 ignores messageId", () => ({cmd:'publish',topic:'t',payload:'x',messageId:7}), undefined, "300400017478", true],
      ["publish topic as bytes", () => ({cmd:'publish',topic:new Uint8Array([0x61]),payload:new Uint8Array([1])}), undefined, "300400016101", false], // mqtt-packet 9: "ERR Invalid topic"
      ["publish topic bad utf-8 bytes", () => ({cmd:'publish',topic:new Uint8Array([0xff]),payload:''}), undefined, "ERR Malformed Packet: topic is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "ERR Invalid topic"
      ["publish topic Buffer with a leading BOM: kept, as mqtt-packet writes it", () => ({cmd:'publish',topic:Buffer.from([0xef,0xbb,0xbf,0x61]),payload:'x'}), undefined, "30070004efbbbf6178", true],
      ["publish topic missing", () => ({cmd:'publish',payload:'x'}), undefined, "ERR Invalid topic", true],
      ["publish topic number", () => ({cmd:'publish',topic:5,payload:'x'}), undefined, "ERR Invalid topic", true],
      ["publish no payload", () => ({cmd:'publish',topic:'t'}), undefined, "3003000174", true],
      ["publish qos 1 without messageId", () => ({cmd:'publish',topic:'t',payload:'x',qos:1}), undefined, "ERR Invalid messageId", true],
      ["publish qos 1 messageId string", () => ({cmd:'publish',topic:'t',payload:'x',qos:1,messageId:'1'}), undefined, "ERR Invalid messageId", true],
      ["puback 3.1.1", () => ({cmd:'puback',messageId:3}), undefined, "40020003", true],
      ["puback 3.1.1 ignores reasonCode and properties", () => ({cmd:'puback',messageId:3,reasonCode:16,properties:{reasonString:'x'}}), undefined, "40020003", true],
      ["puback no messageId", () => ({cmd:'puback'}), undefined, "ERR Invalid messageId", true],
      ["pubrec 5.0 short", () => ({cmd:'pubrec',messageId:3}), {protocolVersion:5}, "500400030000", true],
      ["pubrec 5.0 reasonCode 0", () => ({cmd:'pubrec',messageId:3,reasonCode:0}), {protocolVersion:5}, "50020003", true],
      ["pubrec 5.0 reasonCode", () => ({cmd:'pubrec',messageId:3,reasonCode:16}), {protocolVersion:5}, "500400031000", true],
      ["pubrel 5.0 properties", () => ({cmd:'pubrel',messageId:3,reasonCode:0x92,properties:{reasonString:'r',userProperties:{k:'v'}}}), {protocolVersion:5}, "620f0003920b1f0001722600016b000176", true],
      ["pubcomp 5.0 properties null", () => ({cmd:'pubcomp',messageId:3,properties:null}), {protocolVersion:5}, "700400030000", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'length')"
      ["pubcomp 5.0 properties string", () => ({cmd:'pubcomp',messageId:3,properties:'x'}), {protocolVersion:5}, "700400030000", true],
      ["puback 5.0 subscriptionIdentifier", () => ({cmd:'puback',messageId:3,properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "4006000300020b04", true],
      ["subscribe 3.1.1", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1},{topic:'b/#',qos:2,nl:true,rap:true,rh:2}]}), undefined, "820c0001000161010003622f2302", true],
      ["subscribe 3.1.1 ignores properties", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:0}],properties:{subscriptionIdentifier:7}}), undefined, "8206000100016100", true],
      ["subscribe 3.1.1 qos 3", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:3}]}), undefined, "8206000100016100", true],
      ["subscribe 3.1.1 qos 3 strict", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:3}]}), {strict:true}, "ERR Malformed Packet: Subscription Options request QoS 3 [MQTT-3-8.3-4]", false], // mqtt-packet 9: "8206000100016100"
      ["subscribe 3.1.1 qos 2 strict", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:2}]}), {strict:true}, "8206000100016102", true],
      ["subscribe 3.1.1 qos 128", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:128}]}), undefined, "8206000100016100", true],
      ["subscribe 5.0 options", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1,nl:true,rap:true,rh:2},{topic:'b',qos:2,rh:1},{topic:'c',qos:0,nl:false,rap:false,rh:0}]}), {protocolVersion:5}, "820f0001000001612d0001621200016300", true],
      ["subscribe 5.0 qos 3", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:3,nl:true}]}), {protocolVersion:5}, "820700010000016104", true],
      ["subscribe 5.0 subscriptionIdentifier", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1}],properties:{subscriptionIdentifier:7}}), {protocolVersion:5}, "82090001020b0700016101", true],
      ["subscribe 5.0 subscriptionIdentifier list of one", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1}],properties:{subscriptionIdentifier:[7]}}), {protocolVersion:5}, "82090001020b0700016101", true],
      ["subscribe 5.0 subscriptionIdentifier list of two", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1}],properties:{subscriptionIdentifier:[7,8]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "820b0001040b070b0800016101"
      ["subscribe 5.0 nl number", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1,nl:1}]}), {protocolVersion:5}, "ERR Invalid subscriptions - invalid No Local", true],
      ["subscribe 5.0 rap string", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1,rap:'y'}]}), {protocolVersion:5}, "ERR Invalid subscriptions - invalid Retain as Published", true],
      ["subscribe 5.0 rh 3", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1,rh:3}]}), {protocolVersion:5}, "ERR Invalid subscriptions - invalid Retain Handling", true],
      ["subscribe 5.0 rh string", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:1,rh:'1'}]}), {protocolVersion:5}, "ERR Invalid subscriptions - invalid Retain Handling", true],
      ["subscribe 5.0 rh 2 strict", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:0,rh:2}]}), {protocolVersion:5,strict:true}, "820700010000016120", true],
      ["subscribe no messageId", () => ({cmd:'subscribe',subscriptions:[{topic:'a',qos:1}]}), undefined, "ERR Invalid messageId", true],
      ["subscribe subscriptions missing", () => ({cmd:'subscribe',messageId:1}), undefined, "ERR Invalid subscriptions", true],
      ["subscribe subscriptions null", () => ({cmd:'subscribe',messageId:1,subscriptions:null}), undefined, "ERR Invalid subscriptions", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'length')"
      ["subscribe subscriptions empty", () => ({cmd:'subscribe',messageId:1,subscriptions:[]}), undefined, "ERR Invalid subscriptions", true],
      ["subscribe subscriptions a number", () => ({cmd:'subscribe',messageId:1,subscriptions:5}), undefined, "ERR Invalid subscriptions", true],
      ["subscribe subscriptions a string", () => ({cmd:'subscribe',messageId:1,subscriptions:'ab'}), undefined, "ERR Invalid subscriptions", true],
      ["subscribe subscription null", () => ({cmd:'subscribe',messageId:1,subscriptions:[null]}), undefined, "ERR Invalid subscriptions - invalid topic", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'topic')"
      ["subscribe subscription topic number", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:1,qos:0}]}), undefined, "ERR Invalid subscriptions - invalid topic", true],
      ["subscribe subscription qos missing", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a'}]}), undefined, "ERR Invalid subscriptions - invalid qos", true],
      ["subscribe 5.0 bad property", () => ({cmd:'subscribe',messageId:1,subscriptions:[{topic:'a',qos:0}],properties:{topicAlias:'x'}}), {protocolVersion:5}, "ERR Invalid topicAlias: x", true],
      ["suback 3.1.1", () => ({cmd:'suback',messageId:2,granted:[0,1,2,128]}), undefined, "9006000200010280", true],
      ["suback 3.1.1 ignores properties", () => ({cmd:'suback',messageId:2,granted:[0],properties:{reasonString:'x'}}), undefined, "9003000200", true],
      ["suback 5.0", () => ({cmd:'suback',messageId:2,granted:[0,0x87],properties:{reasonString:'x'}}), {protocolVersion:5}, "90090002041f0001780087", true],
      ["suback 5.0 subscriptionIdentifier", () => ({cmd:'suback',messageId:2,granted:[0],properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "90060002020b0400", true],
      ["suback granted missing", () => ({cmd:'suback',messageId:2}), undefined, "ERR Invalid qos vector", true],
      ["suback granted empty", () => ({cmd:'suback',messageId:2,granted:[]}), undefined, "ERR Invalid qos vector", true],
      ["suback granted null", () => ({cmd:'suback',messageId:2,granted:null}), undefined, "ERR Invalid qos vector", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'length')"
      ["suback granted number", () => ({cmd:'suback',messageId:2,granted:5}), undefined, "ERR Invalid qos vector", true],
      ["suback granted element string", () => ({cmd:'suback',messageId:2,granted:[0,'1']}), undefined, "ERR Invalid qos vector", true],
      ["suback granted function", () => ({cmd:'suback',messageId:2,granted:Object.assign(function (a: unknown) {}, {0: 1})}), undefined, "ERR Invalid qos vector", true],
      ["suback granted array-like", () => ({cmd:'suback',messageId:2,granted:{length:2,0:1,1:2}}), undefined, "900400020102", true],
      ["suback no messageId", () => ({cmd:'suback',granted:[0]}), undefined, "ERR Invalid messageId", true],
      ["unsubscribe 3.1.1", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:['a','b/c']}), undefined, "a20a00040001610003622f63", true],
      ["unsubscribe 3.1.1 ignores properties", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:['a'],properties:{reasonString:'x'}}), undefined, "a2050004000161", true],
      ["unsubscribe 5.0", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:['a'],properties:{userProperties:{k:'v'}}}), {protocolVersion:5}, "a20d0004072600016b000176000161", true],
      ["unsubscribe 5.0 subscriptionIdentifier", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:['a'],properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "a2080004020b04000161", true],
      ["unsubscribe unsubscriptions string", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:'abc'}), undefined, "ERR Invalid unsubscriptions", true],
      ["unsubscribe unsubscriptions number elements", () => ({cmd:'unsubscribe',messageId:4,unsubscriptions:['a',1]}), undefined, "ERR Invalid unsubscriptions", true],
      ["unsubscribe unsubscriptions missing", () => ({cmd:'unsubscribe',messageId:4}), undefined, "ERR Invalid unsubscriptions", true],
      ["unsubscribe no messageId", () => ({cmd:'unsubscribe',unsubscriptions:['a']}), undefined, "ERR Invalid messageId", true],
      ["unsuback 3.1.1", () => ({cmd:'unsuback',messageId:5}), undefined, "b0020005", true],
      ["unsuback 3.1.1 ignores granted and properties", () => ({cmd:'unsuback',messageId:5,granted:'x',properties:{reasonString:'x'}}), undefined, "b0020005", true],
      ["unsuback 5.0", () => ({cmd:'unsuback',messageId:5,granted:[0,17],properties:{reasonString:'x'}}), {protocolVersion:5}, "b0090005041f0001780011", true],
      ["unsuback 5.0 subscriptionIdentifier", () => ({cmd:'unsuback',messageId:5,granted:[0],properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "b0060005020b0400", true],
      ["unsuback 5.0 granted missing", () => ({cmd:'unsuback',messageId:5}), {protocolVersion:5}, "ERR Invalid qos vector", true],
      ["unsuback 5.0 granted element string", () => ({cmd:'unsuback',messageId:5,granted:['0']}), {protocolVersion:5}, "ERR Invalid qos vector", true],
      ["unsuback no messageId", () => ({cmd:'unsuback'}), undefined, "ERR Invalid messageId", true],
      ["pingreq", () => ({cmd:'pingreq'}), undefined, "c000", true],
      ["pingresp", () => ({cmd:'pingresp',properties:{reasonString:'x'}}), {protocolVersion:5}, "d000", true],
      ["disconnect 3.1.1", () => ({cmd:'disconnect',reasonCode:4,properties:{reasonString:'x'}}), undefined, "e000", true],
      ["disconnect 5.0", () => ({cmd:'disconnect'}), {protocolVersion:5}, "e0020000", true],
      ["disconnect 5.0 reasonCode", () => ({cmd:'disconnect',reasonCode:4}), {protocolVersion:5}, "e0020400", true],
      ["disconnect 5.0 properties", () => ({cmd:'disconnect',reasonCode:0,properties:{sessionExpiryInterval:60,serverReference:'s'}}), {protocolVersion:5}, "e00b0009110000003c1c000173", true],
      ["disconnect 5.0 subscriptionIdentifier", () => ({cmd:'disconnect',properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "e00400020b04", true],
      ["disconnect 5.0 bad property", () => ({cmd:'disconnect',properties:{reasonString:1}}), {protocolVersion:5}, "ERR Invalid reasonString: 1", true],
      ["auth 3.1.1", () => ({cmd:'auth',reasonCode:0x18}), undefined, "ERR Invalid mqtt version for auth packet", true],
      ["auth 3.1", () => ({cmd:'auth',reasonCode:0x18}), {protocolVersion:3}, "ERR Invalid mqtt version for auth packet", true],
      ["auth 5.0", () => ({cmd:'auth',reasonCode:0x18,properties:{authenticationMethod:'m',authenticationData:'d'}}), {protocolVersion:5}, "f00a18081500016d16000164", true],
      ["auth 5.0 bytes data", () => ({cmd:'auth',reasonCode:0x19,properties:{authenticationMethod:'m',authenticationData:new Uint8Array([0,255])}}), {protocolVersion:5}, "f00b19091500016d16000200ff", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["auth 5.0 no reasonCode", () => ({cmd:'auth'}), {protocolVersion:5}, "f0020000", true],
      ["auth 5.0 subscriptionIdentifier", () => ({cmd:'auth',reasonCode:0,properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "f00400020b04", true],
      ["auth 5.0 bad property", () => ({cmd:'auth',reasonCode:0,properties:{authenticationMethod:1}}), {protocolVersion:5}, "ERR Invalid authenticationMethod: 1", true],
      ["unknown command", () => ({cmd:'nonsense'}), undefined, "ERR Unknown command", true],
      ["no command", () => ({}), undefined, "ERR Unknown command", true],
      ["null packet", () => (null), undefined, "ERR Unknown command", false], // mqtt-packet 9: "ERR Cannot read properties of null (reading 'cmd')"
      ["version option 6 is 3.1.1", () => ({cmd:'connack',returnCode:0,reasonCode:1}), {protocolVersion:6}, "20020000", true],
      ["connect 3.1.1 minimal", () => ({cmd:'connect',clientId:'c'}), undefined, "100d00044d51545404020000000163", true],
      ["connect 3.1.1 full", () => ({cmd:'connect',protocolId:'MQTT',protocolVersion:4,clean:false,keepalive:60,clientId:'cid',will:{topic:'w',payload:'bye',qos:1,retain:true},username:'u',password:'p'}), undefined, "101d00044d51545404ec003c00036369640001770003627965000175000170", true],
      ["connect 3.1", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:'c',keepalive:10}), undefined, "100f00064d51497364700302000a000163", true],
      ["connect 3.1 named MQTT", () => ({cmd:'connect',protocolId:'MQTT',protocolVersion:3,clientId:'c'}), undefined, "100d00044d51545403020000000163", true],
      ["connect 3.1 named MQTT strict", () => ({cmd:'connect',protocolId:'MQTT',protocolVersion:3,clientId:'c'}), {strict:true}, "ERR Invalid protocolId", false], // mqtt-packet 9: "100d00044d51545403020000000163"
      ["connect 3.1 strict", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:'c'}), {strict:true}, "100f00064d514973647003020000000163", true],
      ["connect 3.1.1 named MQIsdp", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:4,clientId:'c'}), undefined, "100f00064d514973647004020000000163", true],
      ["connect 3.1.1 named MQIsdp strict", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:4,clientId:'c'}), {strict:true}, "ERR Invalid protocolId", false], // mqtt-packet 9: "100f00064d514973647004020000000163"
      ["connect 3.1.1 strict", () => ({cmd:'connect',protocolVersion:4,clientId:'c'}), {strict:true}, "100d00044d51545404020000000163", true],
      ["connect 5.0 strict", () => ({cmd:'connect',protocolVersion:5,clientId:'c'}), {protocolVersion:5,strict:true}, "100e00044d5154540502000000000163", true],
      ["connect protocolId bytes", () => ({cmd:'connect',protocolId:new Uint8Array([0x4d,0x51,0x54,0x54]),clientId:'c'}), undefined, "100d00044d51545404020000000163", false], // mqtt-packet 9: "ERR Invalid protocolId"
      ["connect protocolId bad utf-8", () => ({cmd:'connect',protocolId:new Uint8Array([0xff]),clientId:'c'}), undefined, "ERR Malformed Packet: protocolId is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "ERR Invalid protocolId"
      ["connect protocolId number", () => ({cmd:'connect',protocolId:5,clientId:'c'}), undefined, "ERR Invalid protocolId", true],
      ["connect protocolId other", () => ({cmd:'connect',protocolId:'XY',clientId:'c'}), undefined, "100b0002585904020000000163", true],
      ["connect version 6", () => ({cmd:'connect',protocolVersion:6,clientId:'c'}), undefined, "ERR Invalid protocol version", true],
      ["connect version 2", () => ({cmd:'connect',protocolVersion:2,clientId:'c'}), undefined, "ERR Invalid protocol version", true],
      ["connect version string", () => ({cmd:'connect',protocolVersion:'4',clientId:'c'}), undefined, "ERR Invalid protocol version", true],
      ["connect version 5 options 4", () => ({cmd:'connect',protocolVersion:5,clientId:'c',properties:{sessionExpiryInterval:1}}), undefined, "101300044d51545405020000051100000001000163", true],
      ["connect version 4 options 5", () => ({cmd:'connect',protocolVersion:4,clientId:'c',properties:{sessionExpiryInterval:1}}), {protocolVersion:5}, "100d00044d51545404020000000163", true],
      ["connect 5.0 properties", () => ({cmd:'connect',protocolVersion:5,clientId:'c',properties:{sessionExpiryInterval:1,receiveMaximum:5,maximumPacketSize:100,topicAliasMaximum:2,requestResponseInformation:true,requestProblemInformation:false,userProperties:{a:'b'},authenticationMethod:'m',authenticationData:'x'}}), {protocolVersion:5}, "103100044d51545405020000231100000001210005270000006422000219011700260001610001621500016d16000178000163", true],
      ["connect 5.0 subscriptionIdentifier property", () => ({cmd:'connect',protocolVersion:5,clientId:'c',properties:{subscriptionIdentifier:4}}), {protocolVersion:5}, "101000044d51545405020000020b04000163", true],
      ["connect 5.0 will subscriptionIdentifier property", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'',properties:{subscriptionIdentifier:4}}}), {protocolVersion:5}, "101600044d5154540506000000000163020b040001770000", true],
      ["connect 5.0 will properties", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'x',qos:2,properties:{willDelayInterval:5,payloadFormatIndicator:true,contentType:'t',userProperties:{k:['1','2']}}}}), {protocolVersion:5}, "102e00044d51545405160000000001631918000000050101030001742600016b0001312600016b000132000177000178", true],
      ["connect 5.0 will empty properties", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'x',properties:{}}}), {protocolVersion:5}, "101500044d515454050600000000016300000177000178", true],
      ["connect 5.0 will bad property", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'x',properties:{willDelayInterval:-1}}}), {protocolVersion:5}, "ERR Invalid willDelayInterval: -1", true],
      ["connect 3.1.1 will properties ignored", () => ({cmd:'connect',protocolVersion:4,clientId:'c',will:{topic:'w',payload:'x',properties:{willDelayInterval:5}}}), undefined, "101300044d51545404060000000163000177000178", true],
      ["connect 5.0 bad property", () => ({cmd:'connect',protocolVersion:5,clientId:'c',properties:{sessionExpiryInterval:'x'}}), {protocolVersion:5}, "ERR Invalid sessionExpiryInterval: x", true],
      ["connect 3.1.1 bad property ignored", () => ({cmd:'connect',protocolVersion:4,clientId:'c',properties:{sessionExpiryInterval:'x'}}), undefined, "100d00044d51545404020000000163", true],
      ["connect clean false", () => ({cmd:'connect',clientId:'c',clean:false}), undefined, "100d00044d51545404000000000163", true],
      ["connect clean 0", () => ({cmd:'connect',clientId:'c',clean:0}), undefined, "100d00044d51545404000000000163", true],
      ["connect clean undefined", () => ({cmd:'connect',clientId:'c',clean:undefined}), undefined, "100d00044d51545404020000000163", true],
      ["connect clean string", () => ({cmd:'connect',clientId:'c',clean:'x'}), undefined, "100d00044d51545404020000000163", true],
      ["connect empty clientId clean", () => ({cmd:'connect',clientId:''}), undefined, "100c00044d515454040200000000", true],
      ["connect no clientId", () => ({cmd:'connect'}), undefined, "100c00044d515454040200000000", true],
      ["connect empty clientId not clean", () => ({cmd:'connect',clientId:'',clean:false}), undefined, "ERR clientId must be given if cleanSession set to 0", true],
      ["connect empty clientId clean 0", () => ({cmd:'connect',clientId:'',clean:0}), undefined, "ERR clientId must be given if cleanSession set to 0", true],
      ["connect empty clientId clean string", () => ({cmd:'connect',clientId:'',clean:'0'}), undefined, "100c00044d515454040200000000", true],
      ["connect 5.0 empty clientId not clean", () => ({cmd:'connect',protocolVersion:5,clientId:'',clean:false}), {protocolVersion:5}, "ERR clientId must be given if cleanSession set to 0", true],
      ["connect 5.0 empty clientId not clean strict", () => ({cmd:'connect',protocolVersion:5,clientId:'',clean:false}), {protocolVersion:5,strict:true}, "100d00044d51545405000000000000", false], // mqtt-packet 9: "ERR clientId must be given if cleanSession set to 0"
      ["connect 3.1.1 empty clientId not clean strict", () => ({cmd:'connect',protocolVersion:4,clientId:'',clean:false}), {strict:true}, "ERR clientId must be given if cleanSession set to 0", true],
      ["connect 3.1 empty clientId", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:''}), undefined, "ERR clientId must be supplied before 3.1.1", true],
      ["connect 3.1 no clientId not clean", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clean:false}), undefined, "ERR clientId must be supplied before 3.1.1", true],
      ["connect clientId number", () => ({cmd:'connect',clientId:5}), undefined, "ERR Malformed Packet: clientId is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "100a00044d51545404020000"
      ["connect 3.1 clientId number", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:5}), undefined, "ERR clientId must be supplied before 3.1.1", true],
      ["connect clientId bytes", () => ({cmd:'connect',clientId:new Uint8Array([0x61,0x62])}), undefined, "100e00044d5154540402000000026162", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect clientId bad utf-8", () => ({cmd:'connect',clientId:new Uint8Array([0xc3])}), undefined, "ERR Malformed Packet: clientId is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect clientId empty bytes", () => ({cmd:'connect',clientId:new Uint8Array(0)}), undefined, "100c00044d515454040200000000", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect keepalive 65535", () => ({cmd:'connect',clientId:'c',keepalive:65535}), undefined, "100d00044d5154540402ffff000163", true],
      ["connect keepalive 65536", () => ({cmd:'connect',clientId:'c',keepalive:65536}), undefined, "ERR Invalid keepalive", true],
      ["connect keepalive -1", () => ({cmd:'connect',clientId:'c',keepalive:-1}), undefined, "ERR Invalid keepalive", true],
      ["connect keepalive 1.5", () => ({cmd:'connect',clientId:'c',keepalive:1.5}), undefined, "ERR Invalid keepalive", true],
      ["connect keepalive string", () => ({cmd:'connect',clientId:'c',keepalive:'10'}), undefined, "ERR Invalid keepalive", true],
      ["connect bridgeMode", () => ({cmd:'connect',clientId:'c',bridgeMode:true}), undefined, "100d00044d51545484020000000163", true],
      ["connect bridgeMode 3.1", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:'c',bridgeMode:1}), undefined, "100f00064d514973647083020000000163", true],
      ["connect will not an object", () => ({cmd:'connect',clientId:'c',will:'x'}), undefined, "ERR Invalid will", true],
      ["connect will no topic", () => ({cmd:'connect',clientId:'c',will:{payload:'x'}}), undefined, "ERR Invalid will topic", true],
      ["connect will empty topic", () => ({cmd:'connect',clientId:'c',will:{topic:'',payload:'x'}}), undefined, "ERR Invalid will topic", true],
      ["connect will topic number", () => ({cmd:'connect',clientId:'c',will:{topic:5,payload:'x'}}), undefined, "ERR Invalid will topic", true],
      ["connect will topic bytes", () => ({cmd:'connect',clientId:'c',will:{topic:new Uint8Array([0x61]),payload:'x'}}), undefined, "ERR Invalid will topic", true],
      ["connect will no payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w'}}), undefined, "101200044d515454040600000001630001770000", true],
      ["connect will empty payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:''}}), undefined, "101200044d515454040600000001630001770000", true],
      ["connect will bytes payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:new Uint8Array([0,1,2])}}), undefined, "101500044d515454040600000001630001770003000102", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect will number payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:5}}), undefined, "ERR Invalid will payload", true],
      ["connect will array payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:[1]}}), undefined, "ERR Invalid will payload", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect will object payload with length", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:{length:1}}}), undefined, "ERR Invalid will payload", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connect will payload negative length", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:{length:-1}}}), undefined, "ERR Invalid will payload", true],
      ["connect will qos and retain", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:'p',qos:2,retain:'yes'}}), undefined, "101300044d51545404360000000163000177000170", true],
      ["connect will false", () => ({cmd:'connect',clientId:'c',will:false}), undefined, "100d00044d51545404020000000163", true],
      ["connect username empty", () => ({cmd:'connect',clientId:'c',username:''}), undefined, "100f00044d515454048200000001630000", true],
      ["connect username null", () => ({cmd:'connect',clientId:'c',username:null}), undefined, "100d00044d51545404020000000163", true],
      ["connect username number", () => ({cmd:'connect',clientId:'c',username:5}), undefined, "ERR Invalid username", true],
      ["connect username bytes", () => ({cmd:'connect',clientId:'c',username:new Uint8Array([0x75])}), undefined, "101000044d51545404820000000163000175", false], // mqtt-packet 9: "ERR Invalid username"
      ["connect username bad utf-8", () => ({cmd:'connect',clientId:'c',username:new Uint8Array([0xff])}), undefined, "ERR Malformed Packet: username is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "ERR Invalid username"
      ["connect password bytes", () => ({cmd:'connect',clientId:'c',username:'u',password:new Uint8Array([0,255])}), undefined, "101400044d51545404c20000000163000175000200ff", false], // mqtt-packet 9: "ERR Invalid password"
      ["connect password empty", () => ({cmd:'connect',clientId:'c',username:'u',password:''}), undefined, "101200044d51545404c200000001630001750000", true],
      ["connect password number", () => ({cmd:'connect',clientId:'c',username:'u',password:5}), undefined, "ERR Invalid password", true],
      ["connect password null", () => ({cmd:'connect',clientId:'c',username:'u',password:null}), undefined, "101000044d51545404820000000163000175", true],
      ["connect password without username", () => ({cmd:'connect',clientId:'c',password:'p'}), undefined, "ERR Username is required to use password", true],
      ["connect 5.0 password without username", () => ({cmd:'connect',protocolVersion:5,clientId:'c',password:'p'}), {protocolVersion:5}, "ERR Username is required to use password", true],
      ["connect 5.0 password without username strict", () => ({cmd:'connect',protocolVersion:5,clientId:'c',password:'p'}), {protocolVersion:5,strict:true}, "101100044d5154540542000000000163000170", false], // mqtt-packet 9: "ERR Username is required to use password"
      ["connect 3.1.1 password without username strict", () => ({cmd:'connect',protocolVersion:4,clientId:'c',password:'p'}), {strict:true}, "ERR Username is required to use password", true],
      ["connect 5.0 password number without username strict", () => ({cmd:'connect',protocolVersion:5,clientId:'c',password:5}), {protocolVersion:5,strict:true}, "ERR Invalid password", false], // mqtt-packet 9: "ERR Username is required to use password"
      ["connect 3.1 clientId an array", () => ({cmd:'connect',protocolId:'MQIsdp',protocolVersion:3,clientId:['a']}), undefined, "ERR clientId must be supplied before 3.1.1", true],
      ["connect 3.1.1 clientId an array", () => ({cmd:'connect',clientId:['a']}), undefined, "ERR Malformed Packet: clientId is not well-formed UTF-8 [MQTT-1.5.3-1]", false], // mqtt-packet 9: "ERR list[i].copy is not a function"
      ["connack 5.0 two subscriptionIdentifiers", () => ({cmd:'connack',reasonCode:0,properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "20070000040b040b05"
      ["puback 5.0 two subscriptionIdentifiers", () => ({cmd:'puback',messageId:1,reasonCode:0,properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "4008000100040b040b05"
      ["pubcomp 5.0 subscriptionIdentifier list of one", () => ({cmd:'pubcomp',messageId:1,properties:{subscriptionIdentifier:[4]}}), {protocolVersion:5}, "7006000100020b04", true],
      ["suback 5.0 two subscriptionIdentifiers", () => ({cmd:'suback',messageId:1,granted:[0],properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "90080001040b040b0500"
      ["unsubscribe 5.0 two subscriptionIdentifiers", () => ({cmd:'unsubscribe',messageId:1,unsubscriptions:['a'],properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "a20a0001040b040b05000161"
      ["unsuback 5.0 two subscriptionIdentifiers", () => ({cmd:'unsuback',messageId:1,granted:[0],properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "b0080001040b040b0500"
      ["disconnect 5.0 two subscriptionIdentifiers", () => ({cmd:'disconnect',properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "e00600040b040b05"
      ["auth 5.0 two subscriptionIdentifiers", () => ({cmd:'auth',reasonCode:0,properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "f00600040b040b05"
      ["connect 5.0 two subscriptionIdentifiers", () => ({cmd:'connect',protocolVersion:5,clientId:'c',properties:{subscriptionIdentifier:[4,5]}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "101200044d51545405020000040b040b05000163"
      ["connect 5.0 will two subscriptionIdentifiers", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'',properties:{subscriptionIdentifier:[4,5]}}}), {protocolVersion:5}, "ERR Malformed Packet: Subscription Identifier must be an integer from 0 to 268435455, not array(2)", false], // mqtt-packet 9: "101800044d5154540506000000000163040b040b050001770000"
      ["connect 5.0 will subscriptionIdentifier list of one", () => ({cmd:'connect',protocolVersion:5,clientId:'c',will:{topic:'w',payload:'',properties:{subscriptionIdentifier:[4]}}}), {protocolVersion:5}, "101600044d5154540506000000000163020b040001770000", true],
      ["connect will empty bytes payload", () => ({cmd:'connect',clientId:'c',will:{topic:'w',payload:new Uint8Array(0)}}), undefined, "101200044d515454040600000001630001770000", false], // mqtt-packet 9: "ERR list[i].copy is not a function" (a Uint8Array that is not a Buffer)
];

describe('generate: the bytes or the error of every mqtt-packet object, as mqtt-packet writes it', () => {
  for (const [what, packet, opts, expected] of GENERATE) {
    it(what, () => {
      expect(outcome(generate, packet(), opts)).toBe(expected);
    });
  }
  it('the rows marked as mqtt-packet\'s are what mqtt-packet 9 gives', () => {
    for (const [what, packet, opts, expected, same] of GENERATE) {
      if (same) expect(outcome(upstream.generate, packet(), opts), what).toBe(expected);
    }
  });
});

/** [what, bytes in hex, parser options, the one packet emitted, loosely equal to mqtt-packet's]. */
type ParseRow = [string, string, ParserOptions | undefined, Record<string, unknown>, boolean];

// prettier-ignore
const PARSE: ParseRow[] = [
      ["connect 3.1.1 minimal", '100d00044d51545404020000000163', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 13, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'c' }, true],
      ["connect 3.1.1 full", '101d00044d51545404ec003c00036369640001770003627965000175000170', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 29, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 4, will: { retain: true, qos: 1, topic: 'w', payload: B('627965') }, clean: false, keepalive: 60, clientId: 'cid', username: 'u', password: B('70') }, true],
      ["connect 3.1", '101400064d51497364700316000a0001630001770000', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 20, topic: null, payload: null, protocolId: 'MQIsdp', protocolVersion: 3, will: { retain: false, qos: 2, topic: 'w', payload: B('') }, clean: true, keepalive: 10, clientId: 'c' }, true],
      ["connect 3.1.1 username only", '101000044d51545404820000000163000175', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 16, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'c', username: 'u' }, true],
      ["connect bridge", '100d00044d51545484020000000163', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 13, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 4, bridgeMode: true, clean: true, keepalive: 0, clientId: 'c' }, true],
      ["connect 5.0 properties", '104000044d51545405020000321100000001210005270000006422000219011700260001610001622600016300016426000261320001781500016d16000178000163', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 64, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 5, clean: true, keepalive: 0, properties: { sessionExpiryInterval: 1, receiveMaximum: 5, maximumPacketSize: 100, topicAliasMaximum: 2, requestResponseInformation: true, requestProblemInformation: false, userProperties: np({ a: 'b', c: 'd', a2: 'x' }), authenticationMethod: 'm', authenticationData: B('78') }, clientId: 'c' }, true],
      ["connect 5.0 will properties", '104300044d51545405160000000001632e180000000501010300017408000172090002636402000000072600016b0001312600016b0001322600016b000133000177000178', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 67, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 5, will: { retain: false, qos: 2, properties: { willDelayInterval: 5, payloadFormatIndicator: true, contentType: 't', responseTopic: 'r', correlationData: B('6364'), messageExpiryInterval: 7, userProperties: np({ k: ['1', '2', '3'] }) }, topic: 'w', payload: B('78') }, clean: true, keepalive: 0, clientId: 'c' }, true],
      ["connect 5.0 will without properties", '101b00044d51545405e600000000016300000177000178000175000170', undefined, { cmd: 'connect', retain: false, qos: 0, dup: false, length: 27, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 5, will: { retain: true, qos: 0, topic: 'w', payload: B('78') }, clean: true, keepalive: 0, clientId: 'c', username: 'u', password: B('70') }, true],
      ["connack 3.1.1", '20020105', undefined, { cmd: 'connack', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, sessionPresent: true, returnCode: 5 }, true],
      ["connack 3.1.1 short", '200101', undefined, { cmd: 'connack', retain: false, qos: 0, dup: false, length: 1, topic: null, payload: null, sessionPresent: true }, true],
      ["connack 3.1", '20020002', {protocolVersion:3}, { cmd: 'connack', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, sessionPresent: false, returnCode: 2 }, true],
      ["connack 5.0", '203201802f1f00017825002401280129002a01130009120001611a000272691c0002737222000321000427000000631100000002', {protocolVersion:5}, { cmd: 'connack', retain: false, qos: 0, dup: false, length: 50, topic: null, payload: null, sessionPresent: true, reasonCode: 128, properties: { reasonString: 'x', retainAvailable: false, maximumQoS: 1, wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: false, sharedSubscriptionAvailable: true, serverKeepAlive: 9, assignedClientIdentifier: 'a', responseInformation: 'ri', serverReference: 'sr', topicAliasMaximum: 3, receiveMaximum: 4, maximumPacketSize: 99, sessionExpiryInterval: 2 } }, true],
      ["connack 5.0 no properties", '2003000000', {protocolVersion:5}, { cmd: 'connack', retain: false, qos: 0, dup: false, length: 3, topic: null, payload: null, sessionPresent: false, reasonCode: 0 }, true],
      ["publish 3.1.1 qos 0", '300600017468692a', undefined, { cmd: 'publish', retain: false, qos: 0, dup: false, length: 6, topic: 't', payload: B('68692a') }, true],
      ["publish 3.1.1 qos 2 retain dup", '3d0c0003612f62123468656c6c6f', undefined, { cmd: 'publish', retain: true, qos: 2, dup: true, length: 12, topic: 'a/b', payload: B('68656c6c6f'), messageId: 4660 }, true],
      ["publish 3.1.1 qos 1", '32050001740009', undefined, { cmd: 'publish', retain: false, qos: 1, dup: false, length: 5, topic: 't', payload: B(''), messageId: 9 }, true],
      ["publish 3.1", '3206000174000978', {protocolVersion:3}, { cmd: 'publish', retain: false, qos: 1, dup: false, length: 6, topic: 't', payload: B('78'), messageId: 9 }, true],
      ["publish 5.0 no properties", '30050001740070', {protocolVersion:5}, { cmd: 'publish', retain: false, qos: 0, dup: false, length: 5, topic: 't', payload: B('70') }, true],
      ["publish 5.0 properties", '323700017400023001010900026162030001630800017202000000092300030b010b0226000161000131260001610001322600016200013370', {protocolVersion:5}, { cmd: 'publish', retain: false, qos: 1, dup: false, length: 55, topic: 't', payload: B('70'), messageId: 2, properties: { payloadFormatIndicator: true, correlationData: B('6162'), contentType: 'c', responseTopic: 'r', messageExpiryInterval: 9, topicAlias: 3, subscriptionIdentifier: [1, 2], userProperties: np({ a: ['1', '2'], b: '3' }) } }, true],
      ["publish 5.0 one subscriptionIdentifier", '3009000174040b05010070', {protocolVersion:5}, { cmd: 'publish', retain: false, qos: 0, dup: false, length: 9, topic: 't', payload: B('70'), properties: { subscriptionIdentifier: 5, payloadFormatIndicator: false } }, true],
      ["puback 3.1.1", '40020003', undefined, { cmd: 'puback', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, messageId: 3 }, true],
      ["puback 5.0 short", '40020003', {protocolVersion:5}, { cmd: 'puback', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, messageId: 3, reasonCode: 0 }, true],
      ["puback 5.0 reason", '4003000310', {protocolVersion:5}, { cmd: 'puback', retain: false, qos: 0, dup: false, length: 3, topic: null, payload: null, messageId: 3, reasonCode: 16 }, true],
      ["pubrec 5.0", '5008000310041f000172', {protocolVersion:5}, { cmd: 'pubrec', retain: false, qos: 0, dup: false, length: 8, topic: null, payload: null, messageId: 3, reasonCode: 16, properties: { reasonString: 'r' } }, true],
      ["pubrel 3.1.1", '62020007', undefined, { cmd: 'pubrel', retain: false, qos: 1, dup: false, length: 2, topic: null, payload: null, messageId: 7 }, true],
      ["pubrel 5.0", '620b000392072600016b000176', {protocolVersion:5}, { cmd: 'pubrel', retain: false, qos: 1, dup: false, length: 11, topic: null, payload: null, messageId: 3, reasonCode: 146, properties: { userProperties: np({ k: 'v' }) } }, true],
      ["pubcomp 5.0", '700400030000', {protocolVersion:5}, { cmd: 'pubcomp', retain: false, qos: 0, dup: false, length: 4, topic: null, payload: null, messageId: 3, reasonCode: 0 }, true],
      ["subscribe 3.1.1", '820c0001000161010003622f2302', undefined, { cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 12, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 1 }, { topic: 'b/#', qos: 2 }], messageId: 1 }, true],
      ["subscribe 3.1", '8206000100016100', {protocolVersion:3}, { cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 6, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 0 }], messageId: 1 }, true],
      ["subscribe 5.0", '82180001090b07260001750001760001612d0001621200016300', {protocolVersion:5}, { cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 24, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 1, nl: true, rap: true, rh: 2 }, { topic: 'b', qos: 2, nl: false, rap: false, rh: 1 }, { topic: 'c', qos: 0, nl: false, rap: false, rh: 0 }], messageId: 1, properties: { subscriptionIdentifier: 7, userProperties: np({ u: 'v' }) } }, true],
      ["subscribe 5.0 no properties", '820700010000016108', {protocolVersion:5}, { cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 7, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 0, nl: false, rap: true, rh: 0 }], messageId: 1 }, true],
      ["suback 3.1.1", '9006000200010280', undefined, { cmd: 'suback', retain: false, qos: 0, dup: false, length: 6, topic: null, payload: null, granted: [0, 1, 2, 128], messageId: 2 }, true],
      ["suback 5.0", '90090002041f0001780087', {protocolVersion:5}, { cmd: 'suback', retain: false, qos: 0, dup: false, length: 9, topic: null, payload: null, granted: [0, 135], messageId: 2, properties: { reasonString: 'x' } }, true],
      ["suback 5.0 no properties", '900400020001', {protocolVersion:5}, { cmd: 'suback', retain: false, qos: 0, dup: false, length: 4, topic: null, payload: null, granted: [1], messageId: 2 }, true],
      ["unsubscribe 3.1.1", 'a20a00040001610003622f63', undefined, { cmd: 'unsubscribe', retain: false, qos: 1, dup: false, length: 10, topic: null, payload: null, unsubscriptions: ['a', 'b/c'], messageId: 4 }, true],
      ["unsubscribe 5.0", 'a20d0004072600016b000176000161', {protocolVersion:5}, { cmd: 'unsubscribe', retain: false, qos: 1, dup: false, length: 13, topic: null, payload: null, unsubscriptions: ['a'], messageId: 4, properties: { userProperties: np({ k: 'v' }) } }, true],
      ["unsubscribe 5.0 no properties", 'a206000400000161', {protocolVersion:5}, { cmd: 'unsubscribe', retain: false, qos: 1, dup: false, length: 6, topic: null, payload: null, unsubscriptions: ['a'], messageId: 4 }, true],
      ["unsuback 3.1.1", 'b0020005', undefined, { cmd: 'unsuback', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, messageId: 5 }, true],
      ["unsuback 5.0", 'b0090005041f0001780011', {protocolVersion:5}, { cmd: 'unsuback', retain: false, qos: 0, dup: false, length: 9, topic: null, payload: null, messageId: 5, properties: { reasonString: 'x' }, granted: [0, 17] }, true],
      ["unsuback 5.0 no codes", 'b003000500', {protocolVersion:5}, { cmd: 'unsuback', retain: false, qos: 0, dup: false, length: 3, topic: null, payload: null, messageId: 5, granted: [] }, true],
      ["pingreq", 'c000', undefined, { cmd: 'pingreq', retain: false, qos: 0, dup: false, length: 0, topic: null, payload: null }, true],
      ["pingresp 5.0", 'd000', {protocolVersion:5}, { cmd: 'pingresp', retain: false, qos: 0, dup: false, length: 0, topic: null, payload: null }, true],
      ["disconnect 3.1.1", 'e000', undefined, { cmd: 'disconnect', retain: false, qos: 0, dup: false, length: 0, topic: null, payload: null }, true],
      ["disconnect 5.0", 'e000', {protocolVersion:5}, { cmd: 'disconnect', retain: false, qos: 0, dup: false, length: 0, topic: null, payload: null, reasonCode: 0 }, true],
      ["disconnect 5.0 reason", 'e00104', {protocolVersion:5}, { cmd: 'disconnect', retain: false, qos: 0, dup: false, length: 1, topic: null, payload: null, reasonCode: 4 }, true],
      ["disconnect 5.0 properties", 'e00b0009110000003c1c000173', {protocolVersion:5}, { cmd: 'disconnect', retain: false, qos: 0, dup: false, length: 11, topic: null, payload: null, reasonCode: 0, properties: { sessionExpiryInterval: 60, serverReference: 's' } }, true],
      ["auth 5.0", 'f00e180c1500016d160001641f000172', {protocolVersion:5}, { cmd: 'auth', retain: false, qos: 0, dup: false, length: 14, topic: null, payload: null, reasonCode: 24, properties: { authenticationMethod: 'm', authenticationData: B('64'), reasonString: 'r' } }, true],
      ["auth 5.0 no properties", 'f0021800', {protocolVersion:5}, { cmd: 'auth', retain: false, qos: 0, dup: false, length: 2, topic: null, payload: null, reasonCode: 24 }, true],
];

describe('parser: the exact mqtt-packet object of every packet', () => {
  for (const [what, h, opts, expected] of PARSE) {
    it(what, () => {
      expect(parsed(B(h), opts)).toStrictEqual([expected]);
    });
  }
  it("the objects are mqtt-packet 9's (field for field)", () => {
    for (const [what, h, opts, , same] of PARSE) {
      if (same) expect(parsedUpstream(B(h), opts), what).toEqual(parsed(B(h), opts).map((x) => ({ ...(x as object) })));
    }
  });
});

/** The error `generate` throws for `packet`. */
function generateFailure(packet: unknown, opts?: GenerateOptions): MqttCodecError {
  try {
    generate(packet as MqttPacket, opts);
  } catch (e) {
    return e as MqttCodecError;
  }
  throw new Error('generate did not throw');
}

describe("generate's errors", () => {
  it("an invalid field is a MqttCodecError of reason 0x81, key 'invalidValue', with mqtt-packet's message alone", () => {
    const err = generateFailure({ cmd: 'puback' });
    expect(err).toBeInstanceOf(MqttCodecError);
    expect(err.message).toBe('Invalid messageId');
    expect(err.reasonCode).toBe(0x81);
    expect(err.key).toBe('invalidValue');
    expect(err.detail).toBe('Invalid messageId');
  });

  it("an unknown protocol version is reason 0x84 (Unsupported Protocol Version), key 'protocolLevel'", () => {
    const err = generateFailure({ cmd: 'connect', protocolVersion: 6, clientId: 'c' });
    expect(err).toBeInstanceOf(MqttCodecError);
    expect(err.message).toBe('Invalid protocol version');
    expect(err.reasonCode).toBe(0x84);
    expect(err.key).toBe('protocolLevel');
  });

  it('a string field given as bytes that are not UTF-8 is reason 0x81 under rule MQTT-1.5.3-1 (3.1.1)', () => {
    for (const [packet, field] of [
      [{ cmd: 'publish', topic: U8('ff'), payload: '' }, 'topic'],
      [{ cmd: 'connect', clientId: U8('c3') }, 'clientId'],
      [{ cmd: 'connect', clientId: 'c', username: U8('ff') }, 'username'],
      [{ cmd: 'connect', protocolId: U8('ff'), clientId: 'c' }, 'protocolId'],
    ] as const) {
      const err = generateFailure(packet);
      expect(err).toBeInstanceOf(MqttCodecError);
      expect(err.reasonCode).toBe(0x81);
      expect(err.rule).toBe('MQTT-1.5.3-1');
      expect(err.specVersion).toBe('3.1.1');
      expect(err.detail).toBe(`${field} is not well-formed UTF-8`);
    }
  });

  it('a property error names the property and its value, for each of mqtt-packet\'s value types', () => {
    const bad: [string, unknown][] = [
      ['requestProblemInformation', 0],
      ['sessionExpiryInterval', 1.5e10],
      ['receiveMaximum', -1],
      ['serverKeepAlive', '1'],
      ['authenticationData', 7],
      ['responseInformation', null],
      ['willDelayInterval', true],
    ];
    for (const [name, value] of bad) {
      const err = generateFailure({ cmd: 'connack', reasonCode: 0, properties: { [name]: value } }, { protocolVersion: 5 });
      expect(err.message).toBe(`Invalid ${name}: ${String(value)}`);
      expect(err.key).toBe('invalidValue');
    }
  });
});

describe('encode direction, beyond the rows', () => {
  it('3.1 is its own version for the encoder: a CONNACK Session Present flag is refused there, written in 3.1.1', () => {
    const packet = { cmd: 'connack', returnCode: 0, sessionPresent: true } as MqttPacket;
    expect(hex(generate(packet, { protocolVersion: 4 }))).toBe('20020100');
    expect(() => generate(packet, { protocolVersion: 3 })).toThrow('MQTT 3.1 CONNACK has no Session Present flag');
  });

  it('with no properties object, a packet over the peer Maximum Packet Size is written whole', () => {
    // (mqtt-packet 9 fails there with a TypeError of its own: it reads the missing object.)
    const opts = { protocolVersion: 5, properties: { maximumPacketSize: 2 } };
    const packet = { cmd: 'suback', messageId: 2, granted: [0, 1] };
    expect(hex(generate(packet as MqttPacket, opts))).toBe('90050002000001');
    // With a property, mqtt-packet drops what it may (Reason String, User Properties), then gives up: nothing is written.
    expect(hex(generate({ cmd: 'suback', messageId: 2, granted: [0], properties: { reasonString: 'r' } } as MqttPacket, opts))).toBe('');
    expect(hex(generate({ cmd: 'suback', messageId: 2, granted: [0], properties: { userProperties: { a: 'b' } } } as MqttPacket, { protocolVersion: 5, properties: { maximumPacketSize: 5 } }))).toBe('');
  });

  // A divergence from mqtt-packet found here (not fixed: it lives in generate.ts's fitting, which sees
  // the converted packet, where an empty properties object is no properties): mqtt-packet fits any
  // properties *object* to the peer's maximum, an empty one (or one whose values are all undefined)
  // included, and gives up on it (writes nothing); the drop-in writes the packet whole.
  it.fails('an empty properties object over the peer Maximum Packet Size is written as mqtt-packet writes it (nothing)', () => {
    const opts = { protocolVersion: 5, properties: { maximumPacketSize: 2 } };
    for (const packet of [
      { cmd: 'suback', messageId: 2, granted: [0, 1], properties: {} },
      { cmd: 'suback', messageId: 2, granted: [0, 1], properties: { reasonString: undefined } },
    ]) {
      expect(hex(upstream.generate(packet, opts))).toBe('');
      expect(hex(generate(packet as MqttPacket, opts))).toBe('');
    }
  });

  it("the caller's object is read, not modified", () => {
    const packet = { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 1, nl: true }], properties: { subscriptionIdentifier: [7] } };
    const copy = structuredClone(packet);
    generate(packet as MqttPacket, { protocolVersion: 5 });
    expect(packet).toStrictEqual(copy);
  });
});

describe('decode direction, beyond the rows', () => {
  it("after a bridge's CONNECT (bridgeMode), 3.1.1 subscriptions carry mqtt-packet's bridge options", () => {
    const out = parsed(B('100d00044d51545484020000000163' + '8206000100016101' + 'a2050001000161'));
    expect(out).toStrictEqual([
      { cmd: 'connect', retain: false, qos: 0, dup: false, length: 13, topic: null, payload: null, protocolId: 'MQTT', protocolVersion: 4, bridgeMode: true, clean: true, keepalive: 0, clientId: 'c' },
      { cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 6, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 1, rh: 0, rap: true, nl: true }], messageId: 1 },
      { cmd: 'unsubscribe', retain: false, qos: 1, dup: false, length: 5, topic: null, payload: null, unsubscriptions: ['a'], messageId: 1 },
    ]);
    expect(parsedUpstream(B('100d00044d51545484020000000163' + '8206000100016101'))).toEqual(out.slice(0, 2));
  });

  it('after an ordinary CONNECT, 3.1.1 subscriptions are topic and qos only', () => {
    const out = parsed(B('100d00044d51545404020000000163' + '8206000100016101'));
    expect(out[1]).toStrictEqual({ cmd: 'subscribe', retain: false, qos: 1, dup: false, length: 6, topic: null, payload: null, subscriptions: [{ topic: 'a', qos: 1 }], messageId: 1 });
  });

  it('a 5.0 CONNECT sets the version of what follows: its PUBLISH keeps its properties, a 3.1.1 one has none', () => {
    const connect5 = '100e00044d5154540502000000000163';
    expect(parsed(B(connect5 + '3009000174040b05010070'))[1]).toStrictEqual({
      cmd: 'publish', retain: false, qos: 0, dup: false, length: 9, topic: 't', payload: B('70'), properties: { subscriptionIdentifier: 5, payloadFormatIndicator: false },
    });
  });

  it('binary values are Buffers viewing the input, text values strings', () => {
    const [packet] = parsed(B('104300044d51545405160000000001632e180000000501010300017408000172090002636402000000072600016b0001312600016b0001322600016b000133000177000178'), { protocolVersion: 5 }) as [
      { will: { payload: Uint8Array; properties: { correlationData: Uint8Array; userProperties: object } } },
    ];
    expect(Buffer.isBuffer(packet.will.payload)).toBe(true);
    expect(Buffer.isBuffer(packet.will.properties.correlationData)).toBe(true);
    expect(Object.getPrototypeOf(packet.will.properties.userProperties)).toBe(null);
  });

  it('binary property values are Buffers even when the input is a plain Uint8Array', () => {
    const bytes = new Uint8Array(B('f00e180c1500016d160001641f000172'));
    const [packet] = parsed(bytes, { protocolVersion: 5 }) as [{ properties: { authenticationData: Uint8Array } }];
    expect(Buffer.isBuffer(packet.properties.authenticationData)).toBe(true);
    expect(packet.properties.authenticationData).toStrictEqual(B('64'));
  });
});
