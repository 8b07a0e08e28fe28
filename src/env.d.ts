/// <reference types="astro/client" />

// Lets plain `tsc` type-check TypeScript files that import .astro components
// (`astro check`, which the lint runs, resolves them to their real types).
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
