export {
  ChildNotListeningError,
  ExclusiveBindError,
  MulticastJoinError,
  PortInUseError,
  PortShadowedError,
  ReuseAddrRefusedError,
  ReusePortRefusedError,
  ShadowCheckUnavailableError,
  SharingUnsupportedError,
  type PortOwner,
  type Protocol,
} from './errors.js';
export { DEFAULT_RETRY_MS, listenExclusive, listenExclusiveAsync, type ExclusiveListenOptions, type Listenable } from './listen.js';
export { listenShared, type ShareOptions, type SharedListenResult } from './shared.js';
export { bindExclusive, bindMulticast, type ExclusiveUdpOptions, type MulticastOptions, type UdpBindOptions } from './udp.js';
export {
  SHARING_SUPPORT,
  canSharePort,
  detectRuntime,
  sharingSupport,
  type RuntimeInfo,
  type RuntimeName,
  type SharingEnvironment,
  type SharingRule,
  type SharingVerdict,
} from './runtime.js';
export { findPortOwners, ownerHint } from './owner.js';
export {
  ERROR_LINE_PREFIX,
  ERROR_MESSAGE,
  LISTENING_LINE_PREFIX,
  LISTENING_MESSAGE,
  REPORT_ENV,
  listeningReport,
  reportChannel,
  reportListenError,
  reportListening,
  type ListenErrorReport,
  type Listening,
  type ListeningReport,
  type ReportChannel,
} from './report.js';
export {
  DEFAULT_REPORT_TIMEOUT_MS,
  reportEnv,
  spawnListening,
  waitForListening,
  type ListeningChild,
  type SpawnListeningOptions,
  type WaitForListeningOptions,
} from './spawn-listening.js';
