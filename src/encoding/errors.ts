/** Content that cannot be written in the chosen encoding; names where it is and why. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
  constructor(
    readonly encoding: string,
    /** JSON pointer of the offending value inside the primitive content, e.g. `/m2m:cnt/lbl/0`. */
    readonly pointer: string,
    readonly reason: string,
  ) {
    super(`cannot encode ${pointer || 'content'} as ${encoding}: ${reason}`);
  }
}

/** A body that is not valid in its declared encoding. */
export class DecodingError extends Error {
  override readonly name = 'DecodingError';
  constructor(
    readonly encoding: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${encoding} body: ${reason}`, options);
  }
}
