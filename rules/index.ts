import noImplicitReusePort from './no-implicit-reuse-port.js';
import noReusePort from './no-reuse-port.js';
import validSocketOptionValues from './valid-socket-option-values.js';

export const rules = {
  'no-implicit-reuse-port': noImplicitReusePort,
  'no-reuse-port': noReusePort,
  'valid-socket-option-values': validSocketOptionValues,
};
