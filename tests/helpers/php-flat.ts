/**
 * What mesibo's PHP helper sends in its non-JSON mode (CreateURLEncoded in the sample
 * mesiboapi.php): the request flattened depth-first keeping only leaf names, true/false
 * as 1/0, null as an empty value, URL-encoded, app token appended last.
 */
export function phpFlatQuery(params: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (obj: Record<string, unknown>) => {
    for (const [key, raw] of Object.entries(obj)) {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        walk(raw as Record<string, unknown>);
        continue;
      }
      const v = raw === true ? 1 : raw === false ? 0 : raw === null || raw === undefined ? '' : raw;
      // PHP's urlencode: spaces as '+', like URLSearchParams.
      out.push(`${key}=${new URLSearchParams({ v: String(v) }).toString().slice(2)}`);
    }
  };
  walk(params);
  return out.join('&');
}
