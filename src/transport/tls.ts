/** PEM text or DER/PEM bytes (a Buffer is a Uint8Array). */
export type TlsMaterial = string | Uint8Array;

/**
 * TLS settings of a connection to a CSE, for transports that open their own connections (the Node
 * HTTP transport today; MQTT and WebSocket over TLS next). Browsers use their own trust store and
 * client certificates, and a custom fetch brings its own TLS, so neither takes these.
 *
 * Certificates are verified by default: a server certificate that does not chain to a trusted CA,
 * or that names another host, fails the request with a NetworkError.
 */
export interface TlsOptions {
  /** CA certificates to trust instead of the runtime's default list (a private CA). */
  readonly ca?: TlsMaterial | readonly TlsMaterial[];
  /** The client certificate chain for mutual TLS. */
  readonly cert?: TlsMaterial | readonly TlsMaterial[];
  /** The private key of `cert`. */
  readonly key?: TlsMaterial | readonly TlsMaterial[];
  /** Passphrase of an encrypted `key` or `pfx`. */
  readonly passphrase?: string;
  /** Certificate, key and CA in one PKCS#12 archive, instead of `cert`/`key`. */
  readonly pfx?: TlsMaterial | readonly TlsMaterial[];
  /** The host name the server certificate must name (SNI), when it is not the URL's host. */
  readonly servername?: string;
  /**
   * false accepts any server certificate: for a test bench only, never for a CSE reached over a
   * network you do not control. Default true.
   */
  readonly rejectUnauthorized?: boolean;
}
