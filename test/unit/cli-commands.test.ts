import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, commandOf, COMMANDS, run } from '../../src/cli/main.js';

/** Runs `hub ...args` in-process and returns what it printed on standard output. */
async function output(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await run(args);
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

/** Every command and subcommand of a program, as the words that name it. */
function paths(cmd: Command, prefix: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...prefix, c.name()], cmd: c }, ...paths(c, [...prefix, c.name()])]);
}

describe('hub CLI: commands loaded on demand', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists every command the modules define, with their own descriptions, in order', async () => {
    const full = await buildProgram();
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    expect(full.commands.map((c) => c.description())).toEqual(COMMANDS.map((c) => c.description));
  });

  it('imports only the module of the command being run', async () => {
    const lazy = await buildProgram(['import']);
    const byName = new Map(lazy.commands.map((c) => [c.name(), c]));
    expect(byName.get('import')!.options.map((o) => o.long)).toContain('--dataset');
    // Placeholders: named and described, but nothing of their module (no options, no subcommands).
    expect(byName.get('agencies')!.commands).toHaveLength(0);
    expect(byName.get('audit')!.commands).toHaveLength(0);
    expect(byName.get('datasets')!.options).toHaveLength(0);
    expect(commandOf(['import', '--dataset', 'x', 'f.csv'])).toEqual(['import']);
    expect(commandOf(['--help'])).toEqual([]);
    expect(commandOf(['help', 'keys'])).toEqual(['keys']);
  });

  it('`hub --help` is what it was with every module loaded', async () => {
    const full = await buildProgram();
    const { code, out } = await output(['--help']);
    expect(code).toBe(0);
    expect(out).toBe(full.helpInformation());
    for (const c of COMMANDS) expect(out).toContain(c.name);
  });

  it("every command's and subcommand's --help works and is the full definition's", async () => {
    const full = await buildProgram();
    const all = paths(full);
    expect(all.length).toBeGreaterThan(COMMANDS.length);
    for (const { path, cmd } of all) {
      const { code, out } = await output([...path, '--help']);
      expect(code, path.join(' ')).toBe(0);
      expect(out, path.join(' ')).toBe(cmd.helpInformation());
      expect(out).toContain(`Usage: hub ${path.join(' ')}`);
    }
    const viaHelp = await output(['help', 'import']);
    expect(viaHelp.out).toBe(full.commands.find((c) => c.name() === 'import')!.helpInformation());
  });

  it('an unknown command is still refused, with the nearest name suggested', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    expect(await run(['imprt'])).toBe(1);
    expect(err).toMatch(/unknown command 'imprt'/);
    expect(err).toMatch(/import/);
  });
});
