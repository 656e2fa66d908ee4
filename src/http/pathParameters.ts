// A matched path's parameters, segment by segment, each decoded or flagged as a malformed percent-escape.
// `{name}` is one whole segment of the template (as the router matches it). By hand because the router's parser
// (bath-es5, under openapi-backend) throws a URIError on a malformed escape instead of saying which parameter it was.

export interface PathParameter {
  readonly name: string;
  /** The segment as sent. */
  readonly raw: string;
  /** Decoded; undefined when the segment is not valid percent-encoding (RFC 3986 §2.1), e.g. `%ZZ`, `%`, `%C0%AF`. */
  readonly value: string | undefined;
}

const PARAMETER = /^\{([^{}]+)\}$/;

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** The parameters of `template` (e.g. `/users/{userId}`) in `path`, a path the template matched. */
export function pathParametersOf(template: string, path: string): PathParameter[] {
  const names = template.split('/');
  const segments = path.split('/');
  const parameters: PathParameter[] = [];
  names.forEach((part, i) => {
    const name = PARAMETER.exec(part)?.[1];
    const raw = segments[i];
    if (name !== undefined && raw !== undefined) parameters.push({ name, raw, value: decoded(raw) });
  });
  return parameters;
}

/** The parameters whose segment is not valid percent-encoding: a client error (RFC 9110 §15.5.1), never a 500. */
export const malformedPathParameters = (template: string, path: string) =>
  pathParametersOf(template, path).filter((parameter) => parameter.value === undefined);
