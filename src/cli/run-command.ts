import { ConfigError } from '../config/config';

/**
 * Runs a command-line entry point and exits with its code. Errors the user can fix (bad input, listed
 * in `inputErrors`) exit 2 with their message, a bad configuration 78, anything else 1.
 */
export function runCommand(main: (argv: string[]) => Promise<number>, inputErrors: (abstract new (...args: never[]) => Error)[] = []): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      if (error instanceof ConfigError) process.exit(78);
      process.exit(inputErrors.some((type) => error instanceof type) ? 2 : 1);
    },
  );
}
