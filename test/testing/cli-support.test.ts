/** The option parsing every `ledgerlink emulate <provider>` command shares. */
import { describe, expect, it } from 'vitest';
import { cliNumber, parseCliOptions, parseFaultRule } from '../../src/testing/emulator/cli-support';

describe('emulator CLI support', () => {
  it('reads --name value and --name=value, refusing unknown options and missing values', () => {
    expect(parseCliOptions(['--port', '4100', '--seed=7'], ['port', 'seed'])).toEqual({ port: '4100', seed: '7' });
    expect(() => parseCliOptions(['--bogus', '1'], ['port'])).toThrow('unknown option --bogus');
    expect(() => parseCliOptions(['--port'], ['port'])).toThrow('--port needs a value');
    expect(() => parseCliOptions(['4100'], ['port'])).toThrow('unexpected argument');
  });

  it('numeric options are non-negative numbers', () => {
    expect(cliNumber({ port: '4100' }, 'port')).toBe(4100);
    expect(cliNumber({}, 'port')).toBeUndefined();
    expect(() => cliNumber({ port: '-1' }, 'port')).toThrow('non-negative');
    expect(() => cliNumber({ port: 'x' }, 'port')).toThrow('non-negative');
  });

  it('fault rules take the provider’s answer to an injected status', () => {
    const answer = (status: number) => (status === 429 ? { headers: { 'retry-after': '1' }, body: '[]' } : {});
    expect(parseFaultRule('429@every=10', answer)).toEqual({ fault: 'status', status: 429, headers: { 'retry-after': '1' }, body: '[]', every: 10 });
    expect(parseFaultRule('503@at=2+5', answer)).toEqual({ fault: 'status', status: 503, at: [2, 5] });
    expect(parseFaultRule('hang')).toEqual({ fault: 'hang' });
    expect(() => parseFaultRule('explode')).toThrow('unknown fault explode');
  });
});
