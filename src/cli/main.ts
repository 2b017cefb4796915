#!/usr/bin/env node
import { CommandLineExit, createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommandLineExit) {
      if (error.report) process.stderr.write(`${error.report}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`onem2m: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
