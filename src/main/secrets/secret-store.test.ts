import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-secret-store';
import { cablecastApiBaseForKey, SECRET_KEYS } from './secret-store';

describe('SECRET_KEYS.cablecastPassword', () => {
  it('names the same entry for every spelling of the same server', () => {
    const spellings = [
      'station.example',
      'https://station.example',
      'HTTPS://Station.Example/',
      'https://station.example:443/cablecastapi/v1',
      ' https://station.example/CablecastAPI/v1/ ',
    ];
    const keys = new Set(
      spellings.map((serverUrl) => SECRET_KEYS.cablecastPassword({ serverUrl, username: 'ops' })),
    );
    expect([...keys]).toEqual(['cablecast:https://station.example/cablecastapi/v1:ops']);
  });

  it('names different entries for different servers, ports, schemes or users', () => {
    const key = (serverUrl: string, username = 'ops') =>
      SECRET_KEYS.cablecastPassword({ serverUrl, username });
    const keys = [
      key('station.example'),
      key('other.example'),
      key('station.example:8443'),
      key('http://station.example'),
      key('station.example/sub'),
      key('station.example', 'admin'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is null without an address or a user', () => {
    expect(SECRET_KEYS.cablecastPassword({ serverUrl: '', username: 'ops' })).toBeNull();
    expect(
      SECRET_KEYS.cablecastPassword({ serverUrl: 'station.example', username: '  ' }),
    ).toBeNull();
    expect(cablecastApiBaseForKey('http://')).toBeNull();
  });
});

describe('MemorySecretStore', () => {
  it('behaves like a keychain: null when missing, overwrite, delete reports', async () => {
    const store = new MemorySecretStore();
    expect(await store.get('a')).toBeNull();
    await store.set('a', '1');
    await store.set('a', '2');
    expect(await store.get('a')).toBe('2');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
  });

  it('can pretend the keychain is unavailable', async () => {
    const store = new MemorySecretStore({ a: '1' });
    store.unavailable = true;
    await expect(store.get('a')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
