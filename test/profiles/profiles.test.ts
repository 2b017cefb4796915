import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '../../src/client/Client.js';
import { profiles, resolveProfile, specProfile } from '../../src/profiles/index.js';
import { Session } from '../../src/model/index.js';
import { root } from '../helpers/paths.js';
import { departuresTable } from './readme-table.js';

describe('profiles', () => {
  it('spec is the default, with the reference CSE’s identifiers', () => {
    const client = new Client();
    expect(client.profile).toBe(specProfile);
    expect([client.url, client.cseId, client.cseName, client.originator, client.releaseVersion]).toEqual([
      'http://127.0.0.1:8080',
      '/id-in',
      'cse-in',
      'CAdmin',
      '3',
    ]);
  });

  it('explicit options win over the profile’s', () => {
    const session = new Session({ profile: 'mobius', url: 'http://example.test:1', originator: 'Cme' });
    expect([session.url, session.originator, session.cseName, session.profile.name]).toEqual([
      'http://example.test:1',
      'Cme',
      'Mobius',
      'mobius',
    ]);
  });

  it('om2m is marked unverified and defaults to XML', () => {
    expect(profiles.om2m.verified).toBe(false);
    expect(new Client({ profile: 'om2m' }).encoding).toBe('xml');
  });

  it('an unknown profile name fails, listing the known ones', () => {
    expect(() => resolveProfile('orion' as never)).toThrow(/use one of spec, acme, mobius, tinyiot, om2m/);
  });

  it('the README’s table of departures is the profiles’ data', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(departuresTable());
  });
});
