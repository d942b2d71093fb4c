// Hand-written schemas for the CRDs that have no npm model: Envoy Gateway's policies
// (gateway.envoyproxy.io/v1alpha1) and cert-manager's Certificate. Written from the upstream
// API types (envoyproxy/gateway api/v1alpha1: securitypolicy, oidc, jwt, timeout and
// clienttrafficpolicy types; cert-manager's Certificate v1). They cover the fields these
// manifests use or may plausibly need, and are strict: an unknown (e.g. misspelt) field is an
// error, which the real CRDs would silently prune.

export type Schema =
  | { type: 'string'; enum?: readonly string[]; pattern?: RegExp; minLength?: number }
  | { type: 'boolean' }
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'array'; items: Schema; minItems?: number; maxItems?: number }
  | {
      type: 'object';
      properties: Readonly<Record<string, Schema>>;
      required?: readonly string[];
      /** Schema of values under keys not listed in properties; absent: such keys are errors. */
      additional?: Schema;
    };

/** Every problem found, as `path: message`; empty when the value matches. */
export function validate(schema: Schema, value: unknown, at = '$'): string[] {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${at}: must be a string`];
      const errors: string[] = [];
      if (schema.enum && !schema.enum.includes(value))
        errors.push(`${at}: must be one of ${schema.enum.join(', ')}`);
      if (schema.pattern && !schema.pattern.test(value))
        errors.push(`${at}: must match ${schema.pattern}`);
      if (schema.minLength !== undefined && value.length < schema.minLength)
        errors.push(`${at}: must be at least ${schema.minLength} characters`);
      return errors;
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: must be a boolean`];
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return [`${at}: must be an integer`];
      if (schema.minimum !== undefined && value < schema.minimum) return [`${at}: below minimum`];
      if (schema.maximum !== undefined && value > schema.maximum) return [`${at}: above maximum`];
      return [];
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${at}: must be an array`];
      const errors = value.flatMap((v, i) => validate(schema.items, v, `${at}[${i}]`));
      if (schema.minItems !== undefined && value.length < schema.minItems)
        errors.push(`${at}: needs at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        errors.push(`${at}: allows at most ${schema.maxItems} items`);
      return errors;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${at}: must be an object`];
      const obj = value as Record<string, unknown>;
      const errors: string[] = [];
      for (const key of schema.required ?? [])
        if (obj[key] === undefined) errors.push(`${at}.${key}: is required`);
      for (const [key, v] of Object.entries(obj)) {
        const sub = schema.properties[key] ?? schema.additional;
        if (!sub) errors.push(`${at}.${key}: unknown field`);
        else errors.push(...validate(sub, v, `${at}.${key}`));
      }
      return errors;
    }
  }
}

const str: Schema = { type: 'string', minLength: 1 };
const bool: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: str };
const obj = (
  properties: Record<string, Schema>,
  required: readonly string[] = [],
  additional?: Schema,
): Schema => ({ type: 'object', properties, required, additional });

/** Gateway API Duration (GEP-2257), as used by Envoy Gateway: e.g. 0s, 1h, 1h30m, 500ms. */
export const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const duration: Schema = { type: 'string', pattern: DURATION };

const metadata = obj(
  {
    name: str,
    namespace: str,
    labels: obj({}, [], { type: 'string' }),
    annotations: obj({}, [], { type: 'string' }),
  },
  ['name'],
);

/** LocalPolicyTargetReferenceWithSectionName. */
const targetRefs = (kinds: readonly string[]): Schema => ({
  type: 'array',
  minItems: 1,
  items: obj(
    {
      group: { type: 'string', enum: ['gateway.networking.k8s.io'] },
      kind: { type: 'string', enum: kinds },
      name: str,
      sectionName: str,
    },
    ['group', 'kind', 'name'],
  ),
});

/** Gateway API SecretObjectReference. */
const secretRef = obj(
  {
    group: { type: 'string', enum: [''] },
    kind: { type: 'string', enum: ['Secret'] },
    name: str,
    namespace: str,
  },
  ['name'],
);

const httpsUrl: Schema = { type: 'string', pattern: /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/ };

const stringMatch = {
  type: { type: 'string', enum: ['Exact', 'Prefix', 'Suffix', 'RegularExpression'] },
  value: str,
} as const satisfies Record<string, Schema>;

/** api/v1alpha1/oidc_types.go: OIDC. */
const oidc = obj(
  {
    provider: obj(
      {
        issuer: httpsUrl,
        authorizationEndpoint: httpsUrl,
        tokenEndpoint: httpsUrl,
        endSessionEndpoint: httpsUrl,
        backendRefs: { type: 'array', items: obj({}, [], { type: 'string' }) },
      },
      ['issuer'],
    ),
    clientID: str,
    clientIDRef: secretRef,
    clientSecret: secretRef,
    cookieNames: obj({ accessToken: str, idToken: str }),
    cookieConfig: obj({ sameSite: { type: 'string', enum: ['Lax', 'Strict', 'None'] } }),
    cookieDomain: str,
    scopes: strings,
    resources: strings,
    redirectURL: httpsUrl,
    denyRedirect: obj(
      {
        headers: {
          type: 'array',
          minItems: 1,
          maxItems: 16,
          items: obj({ name: str, ...stringMatch }, ['name', 'value']),
        },
      },
      ['headers'],
    ),
    logoutPath: { type: 'string', pattern: /^\// },
    forwardAccessToken: bool,
    forwardIDToken: obj({ header: str }, ['header']),
    defaultTokenTTL: duration,
    refreshToken: bool,
    defaultRefreshTokenTTL: duration,
    csrfTokenTTL: duration,
    disableTokenEncryption: bool,
    passThroughAuthHeader: bool,
  },
  ['provider', 'clientSecret'],
);

/** api/v1alpha1/jwt_types.go: JWT. */
const jwt = obj(
  {
    optional: bool,
    providers: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: obj(
        {
          name: str,
          issuer: str,
          audiences: { type: 'array', items: str, maxItems: 8 },
          remoteJWKS: obj({ uri: httpsUrl }, ['uri']),
          localJWKS: obj({ type: { type: 'string', enum: ['Inline', 'ValueRef'] }, inline: str }),
          claimToHeaders: {
            type: 'array',
            items: obj({ header: { type: 'string', pattern: /^[A-Za-z0-9-]+$/ }, claim: str }, [
              'header',
              'claim',
            ]),
          },
          recomputeRoute: bool,
          extractFrom: obj({
            headers: { type: 'array', items: obj({ name: str, valuePrefix: str }, ['name']) },
            cookies: strings,
            params: strings,
          }),
        },
        ['name'],
      ),
    },
  },
  ['providers'],
);

const securityPolicy = obj(
  {
    apiVersion: { type: 'string', enum: ['gateway.envoyproxy.io/v1alpha1'] },
    kind: { type: 'string', enum: ['SecurityPolicy'] },
    metadata,
    spec: obj(
      {
        targetRefs: targetRefs(['Gateway', 'HTTPRoute', 'GRPCRoute']),
        oidc,
        jwt,
      },
      ['targetRefs'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** api/v1alpha1/timeout_types.go: Timeout (backend side). */
const backendTimeout = obj({
  tcp: obj({ connectTimeout: duration }),
  http: obj({
    connectionIdleTimeout: duration,
    maxConnectionDuration: duration,
    requestTimeout: duration,
  }),
});

const backendTrafficPolicy = obj(
  {
    apiVersion: { type: 'string', enum: ['gateway.envoyproxy.io/v1alpha1'] },
    kind: { type: 'string', enum: ['BackendTrafficPolicy'] },
    metadata,
    spec: obj(
      { targetRefs: targetRefs(['Gateway', 'HTTPRoute', 'GRPCRoute']), timeout: backendTimeout },
      ['targetRefs'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

const headerList = {
  type: 'array',
  items: obj({ name: str, value: { type: 'string' } }, ['name', 'value']),
} as const satisfies Schema;

/** api/v1alpha1/clienttrafficpolicy_types.go: ClientTrafficPolicy (the fields we may use). */
const clientTrafficPolicy = obj(
  {
    apiVersion: { type: 'string', enum: ['gateway.envoyproxy.io/v1alpha1'] },
    kind: { type: 'string', enum: ['ClientTrafficPolicy'] },
    metadata,
    spec: obj(
      {
        targetRefs: targetRefs(['Gateway']),
        headers: obj({
          earlyRequestHeaders: obj({ set: headerList, add: headerList, remove: strings }),
        }),
        timeout: obj({
          tcp: obj({ idleTimeout: duration }),
          http: obj({ requestReceivedTimeout: duration, idleTimeout: duration }),
        }),
      },
      ['targetRefs'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** cert-manager.io/v1 Certificate (the fields a client certificate needs). */
const certificate = obj(
  {
    apiVersion: { type: 'string', enum: ['cert-manager.io/v1'] },
    kind: { type: 'string', enum: ['Certificate'] },
    metadata,
    spec: obj(
      {
        secretName: str,
        commonName: str,
        dnsNames: strings,
        usages: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['client auth', 'server auth', 'digital signature', 'key encipherment'],
          },
        },
        duration: { type: 'string', pattern: /^([0-9]+(h|m|s))+$/ },
        renewBefore: { type: 'string', pattern: /^([0-9]+(h|m|s))+$/ },
        privateKey: obj({
          algorithm: { type: 'string', enum: ['RSA', 'ECDSA', 'Ed25519'] },
          size: { type: 'integer', minimum: 256 },
          rotationPolicy: { type: 'string', enum: ['Never', 'Always'] },
        }),
        issuerRef: obj(
          {
            group: { type: 'string', enum: ['cert-manager.io'] },
            kind: { type: 'string', enum: ['Issuer', 'ClusterIssuer'] },
            name: str,
          },
          ['name'],
        ),
      },
      ['secretName', 'issuerRef'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** Schemas by `apiVersion/kind`. */
export const CRD_SCHEMAS: Readonly<Record<string, Schema>> = {
  'gateway.envoyproxy.io/v1alpha1/SecurityPolicy': securityPolicy,
  'gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy': backendTrafficPolicy,
  'gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy': clientTrafficPolicy,
  'cert-manager.io/v1/Certificate': certificate,
};
