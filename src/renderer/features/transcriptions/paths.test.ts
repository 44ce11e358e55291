import { describe, expect, it } from 'vitest';
import { foldersFromDrop, parentFolder } from './paths';

describe('parentFolder', () => {
  it('goes up one folder on POSIX paths', () => {
    expect(parentFolder('/mnt/recordings/2026/council.mp4')).toBe('/mnt/recordings/2026');
    expect(parentFolder('/mnt/recordings/')).toBe('/mnt');
    expect(parentFolder('/council.mp4')).toBe('/');
    expect(parentFolder('/mnt//rec///a.mp4')).toBe('/mnt//rec');
  });

  it('goes up one folder on Windows drive paths', () => {
    expect(parentFolder('C:\\Recordings\\2026\\council.mp4')).toBe('C:\\Recordings\\2026');
    expect(parentFolder('D:\\council.mp4')).toBe('D:\\');
    expect(parentFolder('C:\\Recordings\\')).toBe('C:\\');
    expect(parentFolder('C:/Recordings/council.mp4')).toBe('C:/Recordings');
  });

  it('goes up one folder on UNC share paths, stopping at the share', () => {
    expect(parentFolder('\\\\nas\\video\\council.mp4')).toBe('\\\\nas\\video');
    expect(parentFolder('\\\\nas\\video\\2026\\council.mp4')).toBe('\\\\nas\\video\\2026');
    expect(parentFolder('\\\\nas\\video')).toBeNull();
  });

  it('has nothing to go up to at a root or a bare name', () => {
    expect(parentFolder('/')).toBeNull();
    expect(parentFolder('C:\\')).toBeNull();
    expect(parentFolder('council.mp4')).toBeNull();
    expect(parentFolder('')).toBeNull();
  });

  it('keeps names with spaces and dots', () => {
    expect(parentFolder('/Volumes/Share 1/Council 2026.03.04.mp4')).toBe('/Volumes/Share 1');
  });
});

describe('foldersFromDrop', () => {
  it('adds a dropped folder, and the folder of a dropped file, once each', () => {
    expect(
      foldersFromDrop([
        { path: '/mnt/rec/a.mp4', isDirectory: false },
        { path: '/mnt/rec/a.scc', isDirectory: false },
        { path: '/mnt/other/', isDirectory: true },
        { path: 'C:\\Rec\\b.mp4', isDirectory: false },
      ]),
    ).toEqual({ folders: ['/mnt/rec', '/mnt/other', 'C:\\Rec'], unknown: 0 });
  });

  it('counts what came without a path (a browser)', () => {
    expect(
      foldersFromDrop([
        { path: null, isDirectory: false },
        { path: null, isDirectory: true },
      ]),
    ).toEqual({ folders: [], unknown: 2 });
  });

  it('keeps a root folder as it is', () => {
    expect(foldersFromDrop([{ path: '/', isDirectory: true }])).toEqual({
      folders: ['/'],
      unknown: 0,
    });
  });
});
