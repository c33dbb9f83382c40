/**
 * The app side of the `exclusive-bind run` hand-off. A generation that adopted the supervisor's
 * socket makes way when asked (SIGTERM): it stops accepting, lets the connections it has finish,
 * tells the supervisor it has drained, and ends unless the app handles SIGTERM itself. The next
 * generation already accepts from the same socket, so no connection is refused meanwhile. When the
 * supervisor is gone (its IPC channel closes), the app stops the same way: no generation keeps the
 * port alive as an orphan.
 */
import type { ServerLike } from './listen.js';

/** `type` of the IPC message a drained generation sends to its supervisor. */
export const DRAINED_MESSAGE = 'exclusive-bind:drained';

interface ProcessWithChannel {
  send?: (message: unknown, callback?: (error: Error | null) => void) => boolean;
  connected?: boolean;
  disconnect?: () => void;
  channel?: unknown;
}

const adopted = new Set<ServerLike>();
let installed = false;
let draining = false;

/** Makes `server` (listening on the supervisor's socket) close when the supervisor asks this generation to make way. */
export function drainOnSupervisorRequest(server: ServerLike): void {
  adopted.add(server);
  server.once('close', () => adopted.delete(server));
  if (installed) return;
  installed = true;
  process.on('SIGTERM', drain);
  if ((process as ProcessWithChannel).channel) process.on('disconnect', onSupervisorGone);
}

function drain(): void {
  if (draining) return;
  draining = true;
  const startedAt = Date.now();
  const open = [...adopted];
  let pending = open.length;
  const closed = () => {
    if (--pending <= 0) drained(Date.now() - startedAt);
  };
  if (pending === 0) return drained(0);
  // close() stops accepting at once; its callback waits for the open connections (and an
  // http.Server closes its idle keep-alive ones).
  for (const s of open) s.close(closed);
}

function drained(ms: number): void {
  // SIGTERM ends a process that does not handle it; when only this drain listens, keep that promise.
  const appHandlesTerm = process.listenerCount('SIGTERM') > 1;
  const proc = process as ProcessWithChannel;
  const finish = () => {
    if (proc.connected) proc.disconnect?.(); // the channel would keep the event loop alive
    if (!appHandlesTerm) process.exit(0);
  };
  if (proc.connected && proc.send) proc.send({ type: DRAINED_MESSAGE, pid: process.pid, ms }, () => finish());
  else finish();
}

function onSupervisorGone(): void {
  // Only when the supervisor went away by itself: a drain disconnects on purpose.
  if (!draining) process.kill(process.pid, 'SIGTERM'); // the app's own SIGTERM handling runs too
}
