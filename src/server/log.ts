/**
 * Logging: one JSON line per event on stdout. Requests are logged by method,
 * path (without the query string), status and time only; headers and bodies,
 * where tokens and codes travel, are never logged, and codes are only ever
 * carried in URL fragments (which browsers never send) or in bodies.
 */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

export const jsonLogger =
  (write: (line: string) => void = (l) => process.stdout.write(l)): Logger =>
  (event, fields = {}) =>
    write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);

export const silentLogger: Logger = () => {};
