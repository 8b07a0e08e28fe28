/**
 * `BUILD_TIME`: true in Node (tests, the build's page rendering, the CLI and
 * the cohort server) and false in the browser bundles Vite builds (the runner
 * and engine workers). A manifest writes `generators: BUILD_TIME ? gens : {}`
 * so the bundler drops quiz-key generators, which only the build runs, from
 * every browser bundle: Vite replaces `import.meta.env.SSR` with `false` there
 * and the import becomes dead code. In plain Node `import.meta.env` is absent.
 */
export const BUILD_TIME: boolean = import.meta.env?.SSR !== false;
