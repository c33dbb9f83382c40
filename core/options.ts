/** Kept so imports from before the value-flow layer keep working; import from ./value-flow/index.js. */
export {
  canBeOn,
  editableOptionsObject,
  isSharedObject,
  lookupOption,
  singleValue,
  staticKey,
  type OptionLookup,
  type OptionSetting,
} from './value-flow/index.js';
