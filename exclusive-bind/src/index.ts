export {
  ChildNotListeningError,
  ExclusiveBindError,
  HandoffUnsupportedError,
  InheritedSocketMismatchError,
  MulticastJoinError,
  PortInUseError,
  PortShadowedError,
  ReuseAddrRefusedError,
  ReusePortRefusedError,
  ShadowCheckUnavailableError,
  SharingUnsupportedError,
  type AdoptionSource,
  type InheritedSocketInfo,
  type PortOwner,
  type Protocol,
} from './errors.js';
export {
  DEFAULT_RETRY_MS,
  adoptedFrom,
  listenExclusive,
  listenExclusiveAsync,
  type ExclusiveAddress,
  type ExclusiveListenOptions,
  type Listenable,
} from './listen.js';
export { INHERITED_ENV, type SupervisorHandoff } from './inherited.js';
export { DRAINED_MESSAGE } from './handoff.js';
export { DEFAULT_GRACE_MS, supervise, type GenerationInfo, type Supervisor, type SupervisorOptions } from './supervisor.js';
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
