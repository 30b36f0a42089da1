/**
 * Logging hook. ledgerlink never logs by itself: pass a {@link Logger} to `createLedger` to see what it does.
 * Every line passes through {@link redact} first, so no token or secret reaches your logs.
 * @module
 */

/** Structured fields of a log line. */
export type LogFields = Record<string, unknown>;

/** A minimal structured logger (compatible with pino, bunyan and console-like objects). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The default: drops everything. */
export const noopLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
