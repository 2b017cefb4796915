// The HTTP status for each rsc (TS-0009 Table 6.3.2-1). This is binding data, not resource data,
// so it lives with the binding; the rsc names come from the generated enumeration.
const HTTP_STATUS: Readonly<Record<number, number>> = {
  1000: 202, 1001: 202, 1002: 202,
  2000: 200, 2001: 201, 2002: 200, 2004: 200,
  4000: 400, 4001: 501, 4004: 404, 4005: 405, 4008: 504, 4015: 415,
  4101: 403, 4102: 400, 4103: 403, 4104: 409, 4105: 409, 4106: 403, 4107: 403, 4108: 403, 4109: 403, 4110: 400,
  4117: 403, 4118: 404, 4119: 404, 4120: 400, 4121: 404, 4122: 400, 4123: 400, 4124: 409, 4125: 501, 4126: 403, 4127: 403,
  4128: 403, 4142: 400, 4143: 400,
  5000: 500, 5001: 501, 5103: 404, 5105: 403, 5106: 409, 5107: 404,
  5203: 403, 5204: 500, 5205: 403, 5206: 501, 5207: 406, 5208: 403, 5209: 500, 5210: 500, 5211: 500, 5212: 500,
  5214: 403, 5215: 403, 5216: 500, 5217: 500, 5218: 403, 5219: 409, 5220: 409, 5221: 500, 5222: 403,
  6003: 404, 6005: 404, 6010: 400, 6020: 500, 6021: 500, 6022: 400, 6023: 400, 6024: 400, 6025: 500, 6026: 500,
  6028: 409, 6029: 409, 6030: 504, 6031: 504,
};

/** The HTTP status for an rsc; codes the table lacks map by class (as ACME does: unknown → 501). */
export function httpStatusFor(rsc: number): number {
  const known = HTTP_STATUS[rsc];
  if (known !== undefined) return known;
  if (rsc >= 4111 && rsc <= 4116) return 403;
  if (rsc >= 2000 && rsc < 3000) return 200;
  if (rsc >= 4000 && rsc < 5000) return 400;
  if (rsc >= 5000 && rsc < 7000) return 500;
  return 501;
}
