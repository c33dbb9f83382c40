// WebSocket gateway on uWebSockets.js.
import uWS from 'uWebSockets.js';

export function startGateway(port) {
  uWS
    .App()
    .ws('/*', { message: (ws, message) => ws.send(message) })
    .listen(port, (token) => console.log(token ? 'gateway up' : 'gateway failed')); // ❌ SO_REUSEPORT by default
}

export function startGatewayExclusive(port) {
  uWS
    .App()
    .ws('/*', { message: (ws, message) => ws.send(message) })
    // ✅ LIBUS_LISTEN_EXCLUSIVE_PORT: no sharing, and SO_EXCLUSIVEADDRUSE on Windows
    .listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => console.log(token ? 'gateway up' : 'gateway failed'));
}
