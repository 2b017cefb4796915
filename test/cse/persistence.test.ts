import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError, startCse } from '../../src/cse/index.js';
import { root } from '../helpers/paths.js';
import { ADMIN, body, create, registerAe, send, tempDir, testCse } from './helpers.js';

describe('persistence (dataFile)', () => {
  it('restores the tree after a restart and keeps creation order', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const first = await testCse({ dataFile });
    const aei = await registerAe(first.url, 'keeper');
    const cnt = await create(first.url, aei, 'cse-in/keeper', 3, 'm2m:cnt', { rn: 'box', mni: 2, lbl: ['kept'] });
    for (const con of ['1', '2', '3']) await create(first.url, aei, 'cse-in/keeper/box', 4, 'm2m:cin', { con });
    await first.close();

    const second = await testCse({ dataFile });
    const restored = body(await send(second.url, { op: 2, to: 'cse-in/keeper/box', fr: aei }), 'm2m:cnt');
    expect(restored).toMatchObject({ ri: cnt['ri'], ct: cnt['ct'], cni: 2, cbs: 2, lbl: ['kept'], st: 3 });
    expect(body(await send(second.url, { op: 2, to: 'cse-in/keeper/box/ol', fr: aei }), 'm2m:cin')['con']).toBe('2');
    // Ownership survived: the AE still has its default privileges, others still do not.
    expect((await send(second.url, { op: 2, to: 'cse-in/keeper', fr: 'Cstranger' })).rsc).toBe(4103);
    await create(second.url, aei, 'cse-in/keeper', 3, 'm2m:cnt', { rn: 'later' });
    const order = body<string[]>(
      await send(second.url, { op: 2, to: 'cse-in/keeper', fr: ADMIN, fc: { fu: 1, ty: [3] } }),
      'm2m:uril',
    );
    expect(order).toEqual(['cse-in/keeper/box', 'cse-in/keeper/later']);
    // The CSEBase's point of access follows the new server.
    expect(body(await send(second.url, { op: 2, to: 'cse-in', fr: ADMIN }), 'm2m:cb')['poa']).toEqual([second.url]);
  });

  it('writes a complete JSON file after each change and leaves no temporary files', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const cse = await testCse({ dataFile });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'one' });
    const snapshot = JSON.parse(await readFile(dataFile, 'utf8')) as { resources: { rn: string }[] };
    expect(snapshot.resources.map((r) => r.rn)).toEqual(['cse-in', 'one']);
    expect(await readdir(dir)).toEqual(['cse.json']);
  });

  it('does not write when a request fails', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const cse = await testCse({ dataFile });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'one' });
    const before = await stat(dataFile);
    const text = await readFile(dataFile, 'utf8');
    expect((await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'one' } } })).rsc).toBe(
      4105,
    );
    expect((await send(cse.url, { op: 2, to: 'cse-in/one', fr: ADMIN })).rsc).toBe(2000);
    expect(await readFile(dataFile, 'utf8')).toBe(text);
    expect((await stat(dataFile)).mtimeMs).toBe(before.mtimeMs);
  });

  it('ignores and removes a stale temporary file from an interrupted write', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'survivor' });
    await first.close();
    await writeFile(join(dir, '.cse.json.12345-abcdefgh.tmp'), '{"format":"onem2m-cse-data","resources":[{"half');
    const second = await testCse({ dataFile });
    expect((await send(second.url, { op: 2, to: 'cse-in/survivor', fr: ADMIN })).rsc).toBe(2000);
    expect(await readdir(dir)).toEqual(['cse.json']);
  });

  it('refuses to start on a corrupt data file or one of another CSE, leaving it untouched', async () => {
    const dir = await tempDir();
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"format":"onem2m-cse-data","version":1,"resources":[');
    await expect(startCse({ port: 0, dataFile: corrupt })).rejects.toThrow(DataFileError);
    expect(await readFile(corrupt, 'utf8')).toBe('{"format":"onem2m-cse-data","version":1,"resources":[');
    const other = join(dir, 'other.json');
    const first = await testCse({ dataFile: other, cseId: '/id-a', cseName: 'cse-a' });
    await first.close();
    await expect(startCse({ port: 0, dataFile: other })).rejects.toThrow(/holds CSE \/id-a/);
  });

  it('never leaves a half-written data file when the writer is killed mid-write', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    // A child process rewrites a large snapshot in a loop with the CSE's writer; we SIGKILL it.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(root, 'src/cse/persistence.ts'))};
      const filler = 'x'.repeat(200_000);
      for (let i = 0; ; i++) {
        await writeFileAtomic(${JSON.stringify(dataFile)}, JSON.stringify({ i, resources: Array.from({ length: 20 }, () => filler) }));
        if (i === 0) process.stdout.write('first\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const parsed = JSON.parse(await readFile(dataFile, 'utf8')) as { i: number; resources: string[] };
    expect(parsed.resources).toHaveLength(20);
    expect(parsed.i).toBeGreaterThanOrEqual(0);
  });

  it('persists deletions by expiry', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const cse = await testCse({ dataFile });
    const soon = new Date(Date.now() + 150)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.(\d{3})Z$/, ',$1000');
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'brief', et: soon });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cse.close();
    const snapshot = JSON.parse(await readFile(dataFile, 'utf8')) as { resources: { rn: string }[] };
    expect(snapshot.resources.map((r) => r.rn)).toEqual(['cse-in']);
  });
});
