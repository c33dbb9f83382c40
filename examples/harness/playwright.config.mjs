// Playwright: the web server prints the documented line, and `wait.stdout` (Playwright ≥ 1.57)
// waits for that line instead of polling a port. Its named group reaches the tests as
// process.env.SERVER_PORT.
export default {
  webServer: {
    command: 'node server.mjs',
    env: { EXCLUSIVE_BIND_REPORT: 'stdout' },
    wait: { stdout: /^@exclusive-bind\/listening .*"port":(?<server_port>\d+)/m },
  },
  use: { baseURL: `http://127.0.0.1:${process.env.SERVER_PORT}` },
};
