#!/usr/bin/env node
// The `dialhook` bin. Everything lives in cli/; this file only runs it and sets the exit code,
// letting pending output flush instead of calling process.exit().
import { run } from './cli/run.js';

// A reader that stops early, as in `dialhook demo | head`, is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

process.exitCode = await run(process.argv.slice(2));
