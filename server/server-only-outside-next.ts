// `import 'server-only'` marks every module under server/ as server code. Next.js's compiler
// refuses that import in any module that reaches the browser, by its name. Outside Next.js
// (the unit tests, the bench, the demo relay, Playwright's runner) tsconfig's `paths` maps
// the name to this empty module, so the same files run under plain Node.
export {};
