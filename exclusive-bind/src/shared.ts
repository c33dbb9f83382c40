/** listenShared(): deliberate port sharing, only where the kernel load-balances between processes. */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SharingUnsupportedError, ShadowCheckUnavailableError } from './errors.js';
import { runListen, isServerLike, type ExclusiveListenOptions, type Listenable } from './listen.js';
import { sharingSupport, type SharingEnvironment } from './runtime.js';

export interface ShareOptions {
  /** Where sharing is unavailable: `'exclusive'` binds exclusively instead, `'error'` rejects with SharingUnsupportedError. */
  fallback: 'exclusive' | 'error';
  /** Override the detected environment (for tests and tooling). */
  env?: Partial<SharingEnvironment>;
}

export interface SharedListenResult {
  address: AddressInfo | string;
  /** true: bound with reusePort and the kernel balances connections; false: bound exclusively (fallback). */
  shared: boolean;
  /** Why sharing was or was not used. */
  reason: string;
}

/**
 * Listens so that several processes can share the port, where runtime and OS balance connections
 * between them (see SHARING_SUPPORT); elsewhere falls back as `share.fallback` says. A process that
 * holds the port without reusePort still makes this fail with PortInUseError: sharing is opt-in on both sides.
 */
export function listenShared(target: Listenable, options: ExclusiveListenOptions | number, share: ShareOptions): Promise<SharedListenResult> {
  return new Promise((resolve, reject) => {
    if (share?.fallback !== 'exclusive' && share?.fallback !== 'error') {
      throw new TypeError("listenShared(): share.fallback must be 'exclusive' or 'error'");
    }
    // Apps (express-style) create a node:http server inside listen(), which Bun does not share.
    const serverKind = isServerLike(target) && target instanceof net.Server ? 'net' : 'other';
    const verdict = sharingSupport({ serverKind, ...share.env });
    if (!verdict.supported && share.fallback === 'error') throw new SharingUnsupportedError(verdict.reason);
    if (verdict.supported && typeof options === 'object' && options?.checkShadowing) {
      throw new ShadowCheckUnavailableError('with port sharing, a probe may land on a sibling process');
    }
    runListen(target, options, undefined, {
      fn: 'listenShared',
      // The verdict decides, not a reusePort the caller may have passed.
      reusePort: verdict.supported ? 'share' : 'drop',
      emitErrors: false,
      onSettle(s) {
        if (s.kind === 'listening') resolve({ address: s.server.address() as AddressInfo | string, shared: verdict.supported, reason: verdict.reason });
        else reject(s.kind === 'error' ? s.error : s.reason);
      },
    });
  });
}
