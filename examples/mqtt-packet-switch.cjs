// The README's "Switching from mqtt-packet" example: `node examples/mqtt-packet-switch.cjs`
// (after `npm run build`).
const mqtt = require('../dist/mqtt-packet.cjs'); // in a project: require('mqtt-codec/mqtt-packet')

const parser = mqtt.parser({ protocolVersion: 5 });
parser.on('packet', (packet) => console.log(packet));
parser.on('error', (err) => console.log(err.message, err.reasonCode, err.rule, err.offset));

parser.parse(mqtt.generate({ cmd: 'publish', topic: 'a/b', payload: 'hi', qos: 1, messageId: 7 }, { protocolVersion: 5 }));
// A wildcard in a Topic Name: by default the drop-in accepts it, as mqtt-packet does...
parser.parse(Buffer.from([0x30, 0x05, 0x00, 0x02, 0x61, 0x23, 0x00]));
// ...and with strict: true it refuses it, with the rule and the offset.
const strict = mqtt.parser({ protocolVersion: 5, strict: true });
strict.on('error', (err) => console.log(err.message, err.key, err.reasonCode, err.rule, err.offset));
strict.parse(Buffer.from([0x30, 0x05, 0x00, 0x02, 0x61, 0x23, 0x00]));
// A fault mqtt-packet reports too gets mqtt-packet's message, and mqtt-codec's reason code, rule, offset.
parser.parse(Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x41, 0x42, 0x43, 0x44, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00]));
