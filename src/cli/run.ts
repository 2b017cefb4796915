import { closeClients } from './connection.js';
import { ExitCode, reportError } from './exit.js';

/**
 * Wraps a command's action: its result (or Success) becomes the exit status, and an error is
 * reported on stderr with the status that tells its kind apart.
 */
export function runAction<A extends unknown[]>(
  action: (...args: A) => Promise<number | void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = (await action(...args)) ?? ExitCode.Success;
    } catch (error) {
      process.exitCode = reportError(error, (text) => process.stderr.write(text));
    } finally {
      await closeClients();
    }
  };
}
