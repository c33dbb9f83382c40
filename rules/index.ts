import noExclusiveMisuse from './no-exclusive-misuse.js';
import noImplicitReusePort from './no-implicit-reuse-port.js';
import noPortProbe from './no-port-probe.js';
import noPortReadinessPoll from './no-port-readiness-poll.js';
import noRawReuseSockopt from './no-raw-reuse-sockopt.js';
import noReusePort from './no-reuse-port.js';
import noUnicastReuseAddr from './no-unicast-reuse-addr.js';
import validSocketOptionValues from './valid-socket-option-values.js';

export const rules = {
  'no-exclusive-misuse': noExclusiveMisuse,
  'no-implicit-reuse-port': noImplicitReusePort,
  'no-port-probe': noPortProbe,
  'no-port-readiness-poll': noPortReadinessPoll,
  'no-raw-reuse-sockopt': noRawReuseSockopt,
  'no-reuse-port': noReusePort,
  'no-unicast-reuse-addr': noUnicastReuseAddr,
  'valid-socket-option-values': validSocketOptionValues,
};
