export type {
  CseProfile,
  Departure,
  MqttBindingFacts,
  QueryListStyle,
  WebSocketBindingFacts,
} from './profile.js';
export {
  acmeProfile,
  mobiusProfile,
  om2mProfile,
  profiles,
  resolveProfile,
  specProfile,
  tinyiotProfile,
  type ProfileName,
} from './profiles.js';
export { checkEncoding, checkRequestAgainstProfile, NotSupportedByCseError } from './unsupported.js';
