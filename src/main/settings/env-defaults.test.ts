import { describe, expect, it } from 'vitest';
import { readEnvDefaults, readSectionEnvDefaults } from './env-defaults';
import { parseDurationMs } from './env-parsers';

describe('parseDurationMs', () => {
  it.each([
    ['30', 30_000],
    ['30s', 30_000],
    [' 30 S ', 30_000],
    ['0.5', 500],
    ['.5s', 500],
    ['1500ms', 1_500],
    ['1500 MS', 1_500],
    ['0', 0],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'abc', '-5', '30m', '1e3', '30 seconds', '1,5', 's'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});

describe('readEnvDefaults', () => {
  it('reads every variable of the original system', () => {
    const result = readEnvDefaults({
      CABLECAST_API_URL: ' https://station.example/CablecastAPI/v1 ',
      CABLECAST_LOCATION_ID: '3',
      CABLECAST_USER_ID: 'ops',
      CABLECAST_PASSWORD: ' s3cret with spaces ',
      CABLECAST_TIMEOUT: '30',
      CABLECAST_MAX_RETRIES: '5',
      CABLECAST_RETRY_DELAY: '1500ms',
    });
    expect(result).toEqual({
      values: {
        serverUrl: 'https://station.example/CablecastAPI/v1',
        locationId: 3,
        username: 'ops',
        timeoutMs: 30_000,
        maxRetries: 5,
        retryDelayMs: 1_500,
      },
      variables: {
        'cablecast.serverUrl': 'CABLECAST_API_URL',
        'cablecast.locationId': 'CABLECAST_LOCATION_ID',
        'cablecast.username': 'CABLECAST_USER_ID',
        'cablecast.timeoutMs': 'CABLECAST_TIMEOUT',
        'cablecast.maxRetries': 'CABLECAST_MAX_RETRIES',
        'cablecast.retryDelayMs': 'CABLECAST_RETRY_DELAY',
      },
      password: ' s3cret with spaces ',
      warnings: [],
    });
  });

  it('treats unset and empty variables alike, and ignores unrelated ones', () => {
    expect(
      readEnvDefaults({
        CABLECAST_API_URL: '',
        CABLECAST_TIMEOUT: '  ',
        CABLECAST_PASSWORD: '',
        PATH: '/bin',
      }),
    ).toEqual({
      values: {},
      variables: {},
      password: null,
      warnings: [],
    });
  });

  it('ignores each bad variable with a warning naming it and the problem, keeping the good ones', () => {
    const result = readEnvDefaults({
      CABLECAST_API_URL: 'https://station.example',
      CABLECAST_LOCATION_ID: 'three',
      CABLECAST_TIMEOUT: '0',
      CABLECAST_MAX_RETRIES: '50',
      CABLECAST_RETRY_DELAY: '5 minutes',
    });
    expect(result.values).toEqual({ serverUrl: 'https://station.example' });
    expect(result.variables).toEqual({ 'cablecast.serverUrl': 'CABLECAST_API_URL' });
    expect(result.warnings).toEqual([
      'CABLECAST_LOCATION_ID="three" was ignored: it is not a whole number.',
      'CABLECAST_TIMEOUT="0" was ignored: The request timeout must be between 0.5 s and 300 s.',
      'CABLECAST_MAX_RETRIES="50" was ignored: The number of retries must be a whole number from 0 to 10.',
      'CABLECAST_RETRY_DELAY="5 minutes" was ignored: expected seconds ("30"), or a number with s or ms ("30s", "1500ms").',
    ]);
  });

  it('refuses a location ID of 0 and a retry delay over a minute', () => {
    const result = readEnvDefaults({ CABLECAST_LOCATION_ID: '0', CABLECAST_RETRY_DELAY: '61' });
    expect(result.values).toEqual({});
    expect(result.warnings).toEqual([
      'CABLECAST_LOCATION_ID="0" was ignored: The location ID must be a whole number of 1 or more (or empty).',
      'CABLECAST_RETRY_DELAY="61" was ignored: The first retry delay must be between 0 s and 60 s.',
    ]);
  });

  it('refuses an address with credentials in it, without repeating them beyond the variable', () => {
    const result = readEnvDefaults({ CABLECAST_API_URL: 'https://ops:hunter2@station.example' });
    expect(result.values).toEqual({});
    expect(result.warnings[0]).toMatch(
      /^CABLECAST_API_URL=.* was ignored: it contains a user name or password/,
    );
  });

  it('refuses an address with spaces, and shortens long values in the warning', () => {
    const result = readEnvDefaults({ CABLECAST_API_URL: `station example ${'x'.repeat(200)}` });
    expect(result.warnings[0]).toMatch(
      /^CABLECAST_API_URL="station example x+\.\.\." was ignored: an address cannot contain spaces\.$/,
    );
    expect(result.warnings[0]?.length).toBeLessThan(160);
  });

  it('never puts the password in a warning', () => {
    const result = readEnvDefaults({
      CABLECAST_PASSWORD: 'planted-secret',
      CABLECAST_TIMEOUT: 'planted-secret',
    });
    expect(result.password).toBe('planted-secret');
    // The timeout warning quotes the timeout's own value, which is not a password.
    expect(result.warnings.filter((w) => !w.startsWith('CABLECAST_TIMEOUT='))).toEqual([]);
  });

  it('names CABLECAST_API_KEY as meaningless here, and what to set instead', () => {
    const result = readEnvDefaults({ CABLECAST_API_KEY: 'k-123', CABLECAST_USER_ID: 'ops' });
    expect(result.values).toEqual({ username: 'ops' });
    expect(result.warnings).toEqual([
      'CABLECAST_API_KEY was ignored: Cablecast signs callers in with a user name and password, not an API key. Set CABLECAST_USER_ID and CABLECAST_PASSWORD (or enter them in Settings) instead.',
    ]);
    // Never the key itself.
    expect(result.warnings.join(' ')).not.toContain('k-123');
  });
});

describe('readSectionEnvDefaults: publishing', () => {
  it('reads the original system’s VOD variables', () => {
    expect(
      readSectionEnvDefaults('publishing', {
        VOD_BATCH_SIZE: ' 4 ',
        VOD_DEFAULT_QUALITY: '7',
        VOD_UPLOAD_TIMEOUT: '300',
      }),
    ).toEqual({
      values: { concurrency: 4, defaultQuality: 7, uploadTimeoutMs: 300_000 },
      variables: {
        'publishing.concurrency': 'VOD_BATCH_SIZE',
        'publishing.defaultQuality': 'VOD_DEFAULT_QUALITY',
        'publishing.uploadTimeoutMs': 'VOD_UPLOAD_TIMEOUT',
      },
      warnings: [],
    });
  });

  it.each([
    ['90s', 90_000],
    ['90000ms', 90_000],
    ['3600', 3_600_000],
  ])('reads VOD_UPLOAD_TIMEOUT=%j as %d ms, like CABLECAST_TIMEOUT', (text, ms) => {
    expect(readSectionEnvDefaults('publishing', { VOD_UPLOAD_TIMEOUT: text }).values).toEqual({
      uploadTimeoutMs: ms,
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ VOD_BATCH_SIZE: 'four' }, 'VOD_BATCH_SIZE="four" was ignored: it is not a whole number.'],
    [
      { VOD_BATCH_SIZE: '0' },
      'VOD_BATCH_SIZE="0" was ignored: The number of publishes at once must be a whole number from 1 to 8.',
    ],
    [
      { VOD_BATCH_SIZE: '20' },
      'VOD_BATCH_SIZE="20" was ignored: The number of publishes at once must be a whole number from 1 to 8.',
    ],
    [
      { VOD_DEFAULT_QUALITY: '720p' },
      'VOD_DEFAULT_QUALITY="720p" was ignored: it is not a whole number (the id of a VOD transcode quality; quality names are not accepted).',
    ],
    [
      { VOD_DEFAULT_QUALITY: '0' },
      'VOD_DEFAULT_QUALITY="0" was ignored: The default quality must be a whole number of 1 or more (or empty).',
    ],
    [
      { VOD_UPLOAD_TIMEOUT: '5' },
      'VOD_UPLOAD_TIMEOUT="5" was ignored: The upload timeout must be between 10 s and 3600 s.',
    ],
    [
      { VOD_UPLOAD_TIMEOUT: '2h' },
      'VOD_UPLOAD_TIMEOUT="2h" was ignored: expected seconds ("30"), or a number with s or ms ("30s", "1500ms").',
    ],
  ])('ignores %j with a warning naming the variable', (env, warning) => {
    const result = readSectionEnvDefaults('publishing', env);
    expect(result.values).toEqual({});
    expect(result.variables).toEqual({});
    expect(result.warnings).toEqual([warning]);
  });

  it('keeps the good variables when another is bad, and treats empty ones as unset', () => {
    const result = readSectionEnvDefaults('publishing', {
      VOD_BATCH_SIZE: '3',
      VOD_DEFAULT_QUALITY: 'Auto',
      VOD_UPLOAD_TIMEOUT: ' ',
    });
    expect(result.values).toEqual({ concurrency: 3 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^VOD_DEFAULT_QUALITY="Auto" was ignored/);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['no', false],
  ])('reads AUTO_PUBLISH_TO_VOD=%j as %s', (text, on) => {
    expect(readSectionEnvDefaults('publishing', { AUTO_PUBLISH_TO_VOD: text })).toMatchObject({
      values: { autoPublish: on },
      variables: { 'publishing.autoPublish': 'AUTO_PUBLISH_TO_VOD' },
    });
  });

  it('ignores an AUTO_PUBLISH_TO_VOD that is not true or false, and says so', () => {
    expect(readSectionEnvDefaults('publishing', { AUTO_PUBLISH_TO_VOD: 'nightly' })).toMatchObject({
      values: {},
      warnings: ['AUTO_PUBLISH_TO_VOD="nightly" was ignored: expected true or false.'],
    });
  });

  it('each section reads only its own variables', () => {
    const env = { VOD_BATCH_SIZE: '3', CABLECAST_TIMEOUT: '30' };
    expect(readEnvDefaults(env).values).toEqual({ timeoutMs: 30_000 });
    expect(readSectionEnvDefaults('publishing', env).values).toEqual({ concurrency: 3 });
  });
});

describe('readSectionEnvDefaults: desktop', () => {
  it("takes station IT's pre-set update feed and start at login", () => {
    expect(
      readSectionEnvDefaults('desktop', {
        ARCHIVIST_UPDATES: 'true',
        ARCHIVIST_UPDATE_URL: ' https://archivist.station.example/updates/ ',
        ARCHIVIST_START_AT_LOGIN: '1',
      }),
    ).toEqual({
      values: {
        updates: true,
        updateUrl: 'https://archivist.station.example/updates/',
        startAtLogin: true,
      },
      variables: {
        'desktop.updates': 'ARCHIVIST_UPDATES',
        'desktop.updateUrl': 'ARCHIVIST_UPDATE_URL',
        'desktop.startAtLogin': 'ARCHIVIST_START_AT_LOGIN',
      },
      warnings: [],
    });
  });

  it('ignores a feed over plain http, or an unknown source, and says which variable', () => {
    const result = readSectionEnvDefaults('desktop', {
      ARCHIVIST_UPDATE_URL: 'http://archivist.station.example/updates/',
      ARCHIVIST_UPDATE_SOURCE: 's3',
      ARCHIVIST_UPDATE_GITHUB_REPO: 'station/archivist-desktop',
    });
    expect(result.values).toEqual({ updateGithubRepo: 'station/archivist-desktop' });
    expect(result.warnings).toEqual([
      'ARCHIVIST_UPDATE_SOURCE="s3" was ignored: The update source must be one of: generic, github.',
      'ARCHIVIST_UPDATE_URL="http://archivist.station.example/updates/" was ignored: The update folder must be empty or an https:// address such as https://archivist.station.local/updates/ (http only on this computer).',
    ]);
  });
});
