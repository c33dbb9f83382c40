// Vitest globalSetup: start the server once for the whole run, hand its URL to the tests.
import { fileURLToPath } from 'node:url';
import { spawnListening } from 'exclusive-bind';

export default async function setup(project) {
  const server = await spawnListening(process.execPath, [fileURLToPath(new URL('server.mjs', import.meta.url))]);
  project.provide('apiUrl', server.url);
  project.provide('apiPid', server.pid);
  return () => server.stop();
}
