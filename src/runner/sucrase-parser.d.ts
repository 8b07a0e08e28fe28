// Types for sucrase's (CommonJS) parser entry, which its package does not map.
// Only what top-level-names.ts reads.
declare module 'sucrase/dist/parser/index.js' {
  export interface SucraseToken {
    start: number;
    end: number;
    isType: boolean;
    scopeDepth: number;
    identifierRole: number | null;
  }
  export function parse(
    input: string,
    isJSXEnabled: boolean,
    isTypeScriptEnabled: boolean,
    isFlowEnabled: boolean,
  ): { tokens: SucraseToken[] };
}
declare module 'sucrase/dist/index.js' {
  export * from 'sucrase';
}
