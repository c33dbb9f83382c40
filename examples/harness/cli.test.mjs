// A spawned CLI under test: start it on port 0, use the port it reports, stop it.
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { ChildNotListeningError, spawnListening } from 'exclusive-bind';

const cli = fileURLToPath(new URL('cli.mjs', import.meta.url));
const stops = [];
afterEach(async () => Promise.all(stops.splice(0).map((stop) => stop())));

test('serve answers on the port it reported', async () => {
  const server = await spawnListening(process.execPath, [cli, 'serve', '--port', '0']);
  stops.push(() => server.stop());
  const body = await fetch(server.url).then((response) => response.text());
  expect(body).toBe(`served by ${server.pid}\n`);
});

test('a port that is taken fails with the CLI’s own EADDRINUSE, not a timeout', async () => {
  const stale = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => stale.once('listening', resolve));
  stops.push(() => new Promise((resolve) => stale.close(resolve)));
  const failure = spawnListening(process.execPath, [cli, 'serve', '--port', String(stale.address().port)]);
  await expect(failure).rejects.toBeInstanceOf(ChildNotListeningError);
  await expect(failure).rejects.toMatchObject({ reason: 'exited', exitCode: 1, childCode: 'EADDRINUSE' });
});
