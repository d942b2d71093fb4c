// A policy's key as the policy routes name it, and the policy as they send it. Policy text
// goes out as JSON strings; the UI renders it as text. The routes' path parameters are
// parsed in server/http/policy-params.ts.
import 'server-only';
import type { Policy } from './model';
import type { PolicyDto, PolicyKind } from '@/lib/api/policy';

export interface PolicyKey {
  kind: PolicyKind;
  namespace: string;
  name: string;
}

export function policyDto(p: Policy): PolicyDto {
  const dto: PolicyDto = {
    id: p.id,
    kind: p.kind,
    namespace: p.namespace,
    name: p.name,
    source: p.source,
    yaml: p.yaml,
    rules: p.rules.map((r) => ({
      id: r.id,
      direction: r.direction,
      action: r.action,
      lines: r.lines,
      unsupported: r.unsupported,
    })),
  };
  if (p.revision !== undefined) dto.revision = p.revision;
  return dto;
}
