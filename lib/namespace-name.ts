// A Kubernetes namespace name: a DNS-1123 label (lower-case alphanumerics and '-', at most
// 63 characters, starting and ending alphanumeric).
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isNamespaceName(text: string): boolean {
  return NAMESPACE_NAME.test(text);
}
