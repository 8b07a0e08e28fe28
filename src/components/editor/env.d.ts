// Module declarations the editor needs beyond vite/client's.
declare module 'virtual:workbook-engine-dts' {
  /** `declare module 'workbook' { ... }` for the engine's public API (see vite-plugins.ts). */
  const dts: string;
  export default dts;
}
