import { describe, expect, it } from 'vitest';
import { FlagReader, parseArgs, UsageError } from './args';

describe('command-line arguments', () => {
  it('reads a command, flags with values and switches', () => {
    const args = parseArgs(['serve', '--port', '8080', '--demo', '--data-dir=/x y']);
    expect(args.command).toBe('serve');
    const flags = new FlagReader(args);
    expect(flags.int('port', 0, 65535)).toBe(8080);
    expect(flags.bool('demo')).toBe(true);
    expect(flags.string('data-dir')).toBe('/x y');
    expect(() => flags.rejectUnknown()).not.toThrow();
  });

  it('names a bad value and an unknown option', () => {
    const flags = new FlagReader(parseArgs(['serve', '--port', 'eighty', '--colour']));
    expect(() => flags.int('port', 0, 65535)).toThrow(/--port must be a whole number.*"eighty"/);
    expect(() => flags.rejectUnknown()).toThrow(UsageError);
    expect(() => flags.rejectUnknown()).toThrow('--colour');
  });

  it('refuses a value on a switch and a missing value', () => {
    expect(() => new FlagReader(parseArgs(['x', '--demo', 'yes'])).bool('demo')).toThrow(
      /takes no value/,
    );
    expect(() => new FlagReader(parseArgs(['x', '--port'])).string('port')).toThrow(
      /needs a value/,
    );
  });
});
