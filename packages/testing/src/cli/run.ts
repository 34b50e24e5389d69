// The `dialhook` command line: commander parses, each command lives in its own file, and every
// argument error ends as one line on standard error with exit code 2.
import { VOGENT_EVENT_TYPES } from '@dialhook/core';
import { Argument, Command, CommanderError, Option } from 'commander';
import { collectAssignment, parseCount, parsePort, SECRET_ENV } from './arguments.js';
import { demo } from './demo.js';
import { listen } from './listen.js';
import { type Output, processOutput } from './output.js';
import { type SendOptions, send } from './send.js';
import { signCommand } from './sign.js';
import { UsageError } from './usage-error.js';

/** The exit code for a missing or wrong argument. */
export const USAGE_EXIT_CODE = 2;

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

const secretOption = () =>
  new Option('--secret <secret>', 'the Webhook Signing Secret from the Vogent dashboard').env(
    SECRET_ENV,
  );

function program(output: Output, done: (code: number) => void): Command {
  const root = new Command('dialhook')
    .description('Sign, send and watch Vogent (Elto) webhooks locally.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`${oneLine(text)}\n`),
    })
    .showSuggestionAfterError(true);

  root
    .command('send')
    .description('sign sample events (or a file) and POST them to a URL')
    .addArgument(
      new Argument('[event-type]', 'the event to send, or "all" for one of each').choices([
        ...VOGENT_EVENT_TYPES,
        'all',
      ]),
    )
    .requiredOption('--url <url>', 'where to POST, such as http://localhost:3000/webhooks/vogent')
    .addOption(secretOption())
    .option('--file <payload.json>', 'send this file byte for byte instead of a sample event')
    .option(
      '--set <key=value>',
      'set a payload field; key:=json for a JSON value',
      collectAssignment,
    )
    .option('--count <n>', 'send each event n times, each with fresh ids', parseCount, 1)
    .addHelpText('after', SEND_EXAMPLES)
    .action(async (type: string | undefined, options: SendOptions) => {
      done(await send(type, options, output));
    });

  root
    .command('sign')
    .description('print the X-Elto-Signature of a body, and nothing else')
    .argument('[file]', 'the body; "-" or nothing reads standard input')
    .addOption(secretOption())
    .addHelpText('after', '\nExample:\n  dialhook sign --secret "$SECRET" payload.json\n')
    .action(async (file: string | undefined, options: { secret?: string }) => {
      done(await signCommand(file, options, output));
    });

  root
    .command('listen')
    .description('receive webhooks and print each verified event and each refusal')
    .option('--port <port>', 'the port; 0 picks a free one', parsePort, 4000)
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--path <path>', 'only this path is the webhook (default: any path)')
    .addOption(secretOption())
    .option('--inbound-response <json|@file>', 'what to answer dial.inbound with')
    .addHelpText('after', LISTEN_EXAMPLES)
    .action(async (options) => {
      done(await listen(options, output));
    });

  root
    .command('demo')
    .description('run a local receiver and send it every event type plus a forged request')
    .action(async () => {
      done(await demo(output));
    });

  return root;
}

const SEND_EXAMPLES = `
Examples:
  dialhook send all --url http://localhost:3000/webhooks/vogent --secret "$SECRET"
  dialhook send dial.updated --url "$URL" --set status=no-answer
  dialhook send dial.extractor --url "$URL" --set 'ai_result:={"score": 9}'
  dialhook send --file payload.json --url "$URL" --count 3
`;

const LISTEN_EXAMPLES = `
Examples:
  dialhook listen --port 4000 --secret "$SECRET"
  dialhook listen --path /webhooks/vogent --inbound-response '{"keywords": ["Jordan"]}'
  dialhook listen --inbound-response @answer.json
`;

/**
 * Runs the `dialhook` command line with the given arguments (without `node` and the script).
 *
 * @returns The exit code: 0 on success, 1 when a request failed or was refused, 2 for a
 * missing or wrong argument (after one line on standard error).
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2));
 * ```
 */
export async function run(args: readonly string[], output = processOutput()): Promise<number> {
  if (args.length === 0) {
    output.error('error: name a command: send, sign, listen or demo (see dialhook --help).');
    return USAGE_EXIT_CODE;
  }
  let code = 0;
  try {
    await program(output, (result) => {
      code = result;
    }).parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here too, with exit code 0; every other commander error was
      // already printed on one line.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof UsageError) {
      output.error(`error: ${error.message}`);
      return USAGE_EXIT_CODE;
    }
    output.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
