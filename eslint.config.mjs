import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-prefix/**',
      'proto/gen/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  {
    rules: {
      // Flow data is attacker-controlled: it is rendered as text, never as markup.
      'react/no-danger': 'error',
    },
  },
  {
    // Browser-side code sees server code only through types.
    files: ['components/**', 'lib/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/server/*'],
              allowTypeImports: true,
              message: 'components and lib are client-safe: import server code as types only.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
