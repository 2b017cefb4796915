import { Status } from '../../../generated/enums/status.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import { badRequest } from '../errors.js';

// Management objects (<mgmtObj>, TS-0001 Annex D; TS-0004 Annex D) that this CSE serves without
// a device behind them:
//
// - [firmware] (m2m:fwr): updateStatus (uds) starts as {"sus": 0} (uninitialized). No action
//   name (acn) yet: ACME writes "", which XML cannot carry (an empty element reads as null).
// - [software] (m2m:swr): installStatus (ins) and activeStatus (acts) start uninitialized, the
//   action triggers install (in), uninstall (un), activate (act) and deactivate (dea) as false.
// - [deviceCapability] (m2m:dvc) and [reboot] (m2m:rbo) hold action triggers: writing a trigger
//   performs its action, which, with no device attached, is done at once, so the trigger reads
//   back in its resting state: enable (ena) and disable (dis) true, reboot (rbo) and
//   factoryReset (far) false (as the reference CSE). Setting both of a pair to true in one
//   request (ena and dis, rbo and far) is contradictory: 4000, nothing changes.

const UNINITIALIZED = { sus: Status.Uninitialized };

/** Attributes a type gets when the creator leaves them out. */
const DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'm2m:fwr': { uds: UNINITIALIZED },
  'm2m:swr': { ins: UNINITIALIZED, acts: UNINITIALIZED, in: false, un: false, act: false, dea: false },
};

/** Action triggers and the value each rests at once its action is done. */
const TRIGGERS: Readonly<Record<string, readonly [string, string, boolean]>> = {
  'm2m:dvc': ['ena', 'dis', true],
  'm2m:rbo': ['rbo', 'far', false],
};

const NAMES = new Set([...Object.keys(DEFAULTS), ...Object.keys(TRIGGERS)]);

function rest(typeName: string, attributes: Record<string, unknown>): void {
  const trigger = TRIGGERS[typeName];
  if (!trigger) return;
  const [first, second, resting] = trigger;
  attributes[first] = resting;
  attributes[second] = resting;
}

export const mgmtObjBehaviour: ResourceBehaviour = {
  name: 'management objects',
  appliesTo: (info) => NAMES.has(info.descriptor.typeName),
  prepareCreate(_rc, draft) {
    const defaults = DEFAULTS[draft.typeName] ?? {};
    for (const [name, value] of Object.entries(defaults))
      if (draft.attributes[name] === undefined) draft.attributes[name] = structuredClone(value);
    rest(draft.typeName, draft.attributes);
  },
  prepareUpdate(_rc, target, next, changes) {
    const trigger = TRIGGERS[target.typeName];
    if (!trigger) return;
    const [first, second] = trigger;
    if (changes[first] === true && changes[second] === true)
      throw badRequest(
        `attributes '${first}' and '${second}' trigger opposite actions; set only one of them to true in an update`,
      );
    rest(target.typeName, next);
  },
};
