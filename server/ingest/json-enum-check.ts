// Enum values in Hubble JSON that the proto does not define. The JSON reader skips unknown
// keys (a newer Hubble may add fields), and with that it also drops unknown enum values
// silently, so `"verdict": "BOGUS"` would read as VERDICT_UNKNOWN. This walks a JSON value
// along its message's descriptor and names the first such value, with its path.
import 'server-only';
import type { DescEnum, DescMessage, JsonValue } from '@bufbuild/protobuf';

const MAX_DEPTH = 32;

function isObject(v: JsonValue): v is { [k: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function enumProblem(e: DescEnum, v: JsonValue, path: string): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string' && e.values.some((x) => x.name === v)) return undefined;
  if (typeof v === 'number' && e.values.some((x) => x.number === v)) return undefined;
  return `${path}: ${JSON.stringify(v).slice(0, 60)} is not a value of ${e.typeName}`;
}

/** The first unknown enum value in `value` read as `desc`, or undefined. */
export function unknownEnumValue(
  desc: DescMessage,
  value: JsonValue,
  path = '',
  depth = 0,
): string | undefined {
  // Well-known types (Timestamp, wrappers, Any) have JSON forms of their own.
  if (depth > MAX_DEPTH || !isObject(value) || desc.typeName.startsWith('google.protobuf.')) {
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field || v === null) continue;
    const at = path ? `${path}.${key}` : key;
    const items: [JsonValue, string][] = [];
    let enumDesc: DescEnum | undefined;
    let msgDesc: DescMessage | undefined;
    switch (field.fieldKind) {
      case 'enum':
        enumDesc = field.enum;
        items.push([v, at]);
        break;
      case 'message':
        msgDesc = field.message;
        items.push([v, at]);
        break;
      case 'list':
        if (field.listKind === 'enum') enumDesc = field.enum;
        else if (field.listKind === 'message') msgDesc = field.message;
        if (Array.isArray(v)) v.forEach((x, i) => items.push([x, `${at}[${i}]`]));
        break;
      case 'map':
        if (field.mapKind === 'enum') enumDesc = field.enum;
        else if (field.mapKind === 'message') msgDesc = field.message;
        if (isObject(v)) for (const [k, x] of Object.entries(v)) items.push([x, `${at}.${k}`]);
        break;
      default:
        break;
    }
    for (const [item, itemPath] of items) {
      const problem = enumDesc
        ? enumProblem(enumDesc, item, itemPath)
        : msgDesc
          ? unknownEnumValue(msgDesc, item, itemPath, depth + 1)
          : undefined;
      if (problem) return problem;
    }
  }
  return undefined;
}
