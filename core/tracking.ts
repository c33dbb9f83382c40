/** Kept so imports from before the value-flow layer keep working; import from ./value-flow/index.js. */
export { isGlobalReference, loadedModule, moduleRoot, resolveOrigin, skipWrappers, type Origin } from './value-flow/index.js';
