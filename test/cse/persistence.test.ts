import { spawn } from 'node:child_process';
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CseStorage, DataFileError, journalStorage, startCse } from '../../src/cse/index.js';
import { cborCodec, jsonCodec } from '../../src/encoding/index.js';
import { root } from '../helpers/paths.js';
import { startCseProcess } from './cse-process.js';
import { ADMIN, body, create, dbg, logger, registerAe, send, tempDir, testCse } from './helpers.js';

// Persistence (dataFile): a snapshot (the data file) plus journals beside it; every change is
// durable before it is acknowledged, and the tree comes back after a restart or a crash.

const files = async (dir: string) => (await readdir(dir)).sort();

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

  it('appends one journal record per change, none for a failed request, and leaves no temporary files', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const cse = await testCse({ dataFile });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'one' });
    const journal = join(dir, 'cse.json.journal.1');
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    // header, CSEBase, its poa, the container
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^[0-9a-f]{8} \[\{"put":\{"ri":"cnt\w+","pi":"id-in","rn":"one"/);
    const size = (await stat(journal)).size;
    expect((await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'one' } } })).rsc).toBe(
      4105,
    );
    expect((await stat(journal)).size).toBe(size);
    expect(await files(dir)).toEqual(['cse.json.journal.1']);
  });

  it('writes snapshots when the journal outgrows them and removes the journals they include', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const log = logger();
    const first = await testCse({ storage: journalStorage(dataFile, { compactAfterBytes: 2000, log: log.log }) });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', mni: 50 });
    for (let i = 0; i < 120; i++)
      await create(first.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: `i${i}`, con: `${i}` });
    await first.close();
    expect(log.lines).toEqual([]);
    const names = await files(dir);
    expect(names).toContain('cse.json');
    expect(names.filter((name) => name.includes('.journal.')).length).toBeLessThanOrEqual(2);
    const snapshot = JSON.parse(await readFile(dataFile, 'utf8')) as { version: number; journal: number };
    expect(snapshot).toMatchObject({ format: 'onem2m-cse-data', version: 2, cseId: '/id-in' });
    const second = await testCse({ dataFile });
    expect(body(await send(second.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')).toMatchObject({
      cni: 50,
      st: 120,
    });
    expect(body(await send(second.url, { op: 2, to: 'cse-in/box/ol', fr: ADMIN }), 'm2m:cin')['rn']).toBe('i70');
    expect(body(await send(second.url, { op: 2, to: 'cse-in/box/la', fr: ADMIN }), 'm2m:cin')['rn']).toBe('i119');
  });

  it('cuts off a record torn by a crash, keeping everything before it', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'kept' });
    await first.close();
    const journal = join(dir, 'cse.json.journal.1');
    const whole = (await stat(journal)).size;
    const torn = '1234abcd [{"put":{"ri":"half';
    await appendFile(journal, torn);
    const log = logger();
    const second = await testCse({ dataFile, log: log.log });
    expect((await send(second.url, { op: 2, to: 'cse-in/kept', fr: ADMIN })).rsc).toBe(2000);
    expect((await stat(journal)).size).toBe(whole);
    expect(log.lines.join('\n')).toContain(`cut off ${torn.length} bytes of a record torn by a crash`);
  });

  it('refuses to start on damage inside a journal, on a corrupt data file or on another CSE’s data, leaving them untouched', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'a' });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'b' });
    await first.close();
    const journal = join(dir, 'cse.json.journal.1');
    const text = await readFile(journal, 'utf8');
    const damaged = text.replace('"rn":"a"', '"rn":"A"');
    await writeFile(journal, damaged);
    await expect(startCse({ port: 0, dataFile })).rejects.toThrow(/damaged at byte \d+/);
    expect(await readFile(journal, 'utf8')).toBe(damaged);

    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"format":"onem2m-cse-data","version":1,"resources":[');
    await expect(startCse({ port: 0, dataFile: corrupt })).rejects.toThrow(DataFileError);
    expect(await readFile(corrupt, 'utf8')).toBe('{"format":"onem2m-cse-data","version":1,"resources":[');
    const other = join(dir, 'other.json');
    const a = await testCse({ dataFile: other, cseId: '/id-a', cseName: 'cse-a' });
    await a.close();
    await expect(startCse({ port: 0, dataFile: other })).rejects.toThrow(/holds CSE \/id-a/);
  });

  it('reads data files of earlier releases (one JSON snapshot, version 1) and goes on from them', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const made = await testCse({ dataFile: join(dir, 'model.json') });
    await create(made.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'old' });
    const resources = made.cse.context.tree.all();
    await made.close();
    await writeFile(
      dataFile,
      JSON.stringify({ format: 'onem2m-cse-data', version: 1, cseId: '/id-in', cseName: 'cse-in', resources }),
    );
    const cse = await testCse({ dataFile });
    expect((await send(cse.url, { op: 2, to: 'cse-in/old', fr: ADMIN })).rsc).toBe(2000);
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'new' });
    await cse.close();
    const again = await testCse({ dataFile });
    for (const rn of ['old', 'new'])
      expect((await send(again.url, { op: 2, to: `cse-in/${rn}`, fr: ADMIN })).rsc).toBe(2000);
  });

  it('ignores and removes a stale temporary file from an interrupted snapshot', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'survivor' });
    await first.close();
    await writeFile(join(dir, '.cse.json.12345-abcdefgh.tmp'), '{"format":"onem2m-cse-data","resources":[{"half');
    const second = await testCse({ dataFile });
    expect((await send(second.url, { op: 2, to: 'cse-in/survivor', fr: ADMIN })).rsc).toBe(2000);
    expect((await files(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never leaves a half-written file when the writer is killed mid-write', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    // A child process rewrites a large snapshot in a loop with the CSE's writer; we SIGKILL it.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(root, 'src/cse/storage/files.ts'))};
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
    const again = await testCse({ dataFile });
    expect((await send(again.url, { op: 2, to: 'cse-in/brief', fr: ADMIN })).rsc).toBe(4004);
  });
});

describe('content is persisted faithfully', () => {
  it('binary content (a CBOR byte string) reads back the same, with the same cs, after a restart', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const bytes = new Uint8Array([1, 2, 3, 250, 0, 77]);
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    const created = await send(
      first.url,
      { op: 1, to: 'cse-in/box', fr: ADMIN, ty: 4, pc: { 'm2m:cin': { rn: 'bin', con: bytes } } },
      { codec: cborCodec },
    );
    expect(created.rsc).toBe(2001);
    const read = async (url: string) => ({
      cbor: body(await send(url, { op: 2, to: 'cse-in/box/bin', fr: ADMIN }, { codec: cborCodec }), 'm2m:cin'),
      json: body(await send(url, { op: 2, to: 'cse-in/box/bin', fr: ADMIN }, { codec: jsonCodec }), 'm2m:cin'),
      cnt: body(await send(url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt'),
    });
    const before = await read(first.url);
    expect(before.cbor['con']).toEqual(bytes);
    expect(before.json['con']).toBe(Buffer.from(bytes).toString('base64'));
    expect(before.cbor['cs']).toBe(6);
    await first.close();
    const second = await testCse({ dataFile });
    const after = await read(second.url);
    expect(after.cbor['con']).toEqual(bytes);
    expect(after).toEqual(before);
  });

  it('member names starting with $, and objects that look like the byte string marker, stay as sent', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const con = { $bytes: 'AQID', $$x: [{ $: 1 }], plain: { $bytes: 'AQID', other: true } };
    const first = await testCse({ dataFile });
    await create(first.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    await create(first.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: 'odd', con });
    await first.close();
    const second = await testCse({ dataFile });
    expect(body(await send(second.url, { op: 2, to: 'cse-in/box/odd', fr: ADMIN }), 'm2m:cin')['con']).toEqual(con);
  });
});

describe('a change that could not be saved is never acknowledged', () => {
  it('answers 5000, undoes the change and notifies nobody when the storage fails', async () => {
    let failing = false;
    const inner = journalStorage(join(await tempDir(), 'cse.json'), { log: () => undefined });
    const storage: CseStorage = {
      description: 'a failing disk',
      open: (identity, tree) => inner.open(identity, tree),
      save: (changes, undo) => {
        if (!failing) return inner.save(changes, undo);
        return new Promise((_resolve, reject) =>
          setImmediate(() => {
            undo();
            reject(new Error('ENOSPC: no space left on device'));
          }),
        );
      },
      close: () => inner.close(),
    };
    const cse = await testCse({ storage });
    const seen: string[] = [];
    cse.cse.events.on((event) => void seen.push(`${event.type} ${event.resource.rn}`));
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    failing = true;
    const refused = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 4,
      pc: { 'm2m:cin': { rn: 'x', con: '1' } },
    });
    expect(refused.rsc).toBe(5000);
    expect(dbg(refused)).toMatch(/could not be saved to a failing disk, so it was undone: ENOSPC/);
    failing = false;
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/x', fr: ADMIN })).rsc).toBe(4004);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')).toMatchObject({
      cni: 0,
      st: 0,
    });
    await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: 'y', con: '2' });
    expect(seen.filter((line) => !line.startsWith('updated'))).toEqual(['created box', 'created y']);
  });

  it('a CSE whose journal hits the file size limit refuses changes (5000) and loses no acknowledged one', async () => {
    const dataFile = join(await tempDir(), 'cse.json');
    const limited = await startCseProcess({ dataFile, fileSizeLimitKiB: 64 });
    const answers: { rn: string; rsc: number }[] = [];
    await send(limited.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    for (let i = 0; i < 30; i++) {
      const rn = `c${i}`;
      const response = await send(limited.url, {
        op: 1,
        to: 'cse-in/box',
        fr: ADMIN,
        ty: 4,
        pc: { 'm2m:cin': { rn, con: 'x'.repeat(5000) } },
      });
      answers.push({ rn, rsc: response.rsc });
      if (response.rsc === 5000) expect(dbg(response)).toMatch(/could not be saved.*undone/);
    }
    await limited.kill();
    const acknowledged = answers.filter((a) => a.rsc === 2001).map((a) => a.rn);
    const refused = answers.filter((a) => a.rsc === 5000).map((a) => a.rn);
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(refused.length).toBeGreaterThan(5);
    expect(acknowledged.length + refused.length).toBe(30);
    const again = await testCse({ dataFile });
    for (const rn of acknowledged)
      expect((await send(again.url, { op: 2, to: `cse-in/box/${rn}`, fr: ADMIN })).rsc).toBe(2000);
    for (const rn of refused)
      expect((await send(again.url, { op: 2, to: `cse-in/box/${rn}`, fr: ADMIN })).rsc).toBe(4004);
  });
});
