import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { roleFromClaims } from './sign-in.service';

const sso = DEFAULT_SETTINGS.sso;

describe('roles from the claim', () => {
  it('takes the highest role any value of the claim names', () => {
    expect(roleFromClaims({ roles: ['viewer', 'admin'] }, sso)).toBe('admin');
    expect(roleFromClaims({ roles: ['operator'] }, sso)).toBe('operator');
    expect(roleFromClaims({ roles: 'viewer operator' }, sso)).toBe('operator');
    expect(roleFromClaims({ roles: 'viewer' }, sso)).toBe('viewer');
  });

  it('reads groups by the names the station chose, and a claim inside an object', () => {
    const keycloak = {
      ...sso,
      roleClaim: 'realm_access.roles',
      adminValues: 'tv-admins, it',
      operatorValues: 'master-control',
    };
    expect(roleFromClaims({ realm_access: { roles: ['master-control'] } }, keycloak)).toBe(
      'operator',
    );
    expect(roleFromClaims({ realm_access: { roles: ['it'] } }, keycloak)).toBe('admin');
    // The default names no longer count once the station chose its own.
    expect(roleFromClaims({ realm_access: { roles: ['admin'] } }, keycloak)).toBeNull();
  });

  it('refuses someone the claim names no role for, unless everyone else is a viewer', () => {
    expect(roleFromClaims({ roles: ['volunteer'] }, sso)).toBeNull();
    expect(roleFromClaims({}, sso)).toBeNull();
    expect(roleFromClaims({ roles: 7 }, sso)).toBeNull();
    expect(roleFromClaims({}, { ...sso, defaultRole: 'viewer' })).toBe('viewer');
  });
});
