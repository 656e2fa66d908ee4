// The transport-neutral response every layer returns; the Lambda adapter turns it into a proxy result.

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** Already serialised; undefined for no body. */
  body?: string;
}
