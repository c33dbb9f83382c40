// Metrics receiver (unicast) and service discovery listener (multicast).
const dgram = require('node:dgram');

function startMetrics(port) {
  // ❌ the string 'false' is truthy: Node turns SO_REUSEADDR on
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: 'false' });
  socket.bind(port, '127.0.0.1');
  return socket;
}

function startTraceCollector(port) {
  // ❌ a unicast receiver: with reuseAddr a second instance silently takes every datagram
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('message', (msg) => console.log(msg.length));
  socket.bind(port, '127.0.0.1');
}

function startDiscovery() {
  // ✅ a multicast receiver needs reuseAddr to share the group port with other listeners
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind(5353, () => socket.addMembership('224.0.0.251'));
  return socket;
}

module.exports = { startMetrics, startTraceCollector, startDiscovery };
