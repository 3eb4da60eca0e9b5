// Builds an API path with every interpolated value percent-encoded as one path segment: run ids
// carry ':' and '+' (`manual__2026-03-20T10:00:00+00:00`) and v2 XCom keys may carry '/'.
// Literal parts of the template are kept as written.
export function apiPath(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += encodeURIComponent(String(value)) + (strings[index + 1] ?? '');
  });
  return out;
}
