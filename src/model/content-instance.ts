import { ContentInstanceDescriptor } from '../../generated/resources/content-instance.gen.js';
import { decodeContent } from './content.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/** One value in a container. It cannot be changed, only deleted. */
export class ContentInstance extends Resource<'m2m:cin'> {
  static override readonly descriptor = ContentInstanceDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:cin', address, attributes);
  }

  /**
   * The value, decoded as its contentInfo says: text for text/plain, the parsed value for
   * application/json, bytes (Uint8Array) for base64 content of other media types.
   */
  get content(): unknown {
    return decodeContent(this.attributes.con, this.attributes.cnf);
  }

  /** The content attribute (con) as the CSE holds it. */
  get rawContent(): unknown {
    return this.attributes.con;
  }

  /** contentInfo (cnf), e.g. `text/plain:0`. */
  get cnf(): string | undefined {
    return this.attributes.cnf;
  }

  /** contentSize (cs) in bytes. */
  get cs(): number | undefined {
    return this.attributes.cs;
  }
}
