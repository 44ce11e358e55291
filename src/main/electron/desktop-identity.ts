import type { DesktopSession } from '../../shared/contract';
import { signInThroughSystemBrowser } from '../access/loopback-sign-in';
import type { SignInService } from '../access/sign-in.service';
import { roleCaller, whoAmI, type Caller } from '../contract';
import { DESKTOP_USER } from './desktop-user';

/** Whoever sits at the desktop app while sign-in is on and nobody has signed in: no access. */
const SIGNED_OUT: Caller = {
  kind: 'desktop-user',
  id: 'nobody signed in',
  transport: 'ipc',
  access: new Set(),
};

/**
 * Who the desktop app's calls are from. Without sign-in it is one local user with every role; with
 * sign-in on (Settings › Sign-in) it is whoever signed in through the system browser, with the
 * role their claim gives, until the session ends; before that, nobody (every call refused).
 */
export class DesktopIdentity {
  private sessionId: string | null = null;

  constructor(
    private readonly signIn: Pick<
      SignInService,
      'enabled' | 'begin' | 'finish' | 'session' | 'signOut'
    >,
    private readonly openExternal: (url: string) => Promise<void>,
    private readonly timeoutMs?: number,
  ) {}

  caller(): Caller {
    if (!this.signIn.enabled()) return DESKTOP_USER;
    const session = this.sessionId === null ? null : this.signIn.session(this.sessionId);
    if (session === null || session.who.role === null) return SIGNED_OUT;
    return {
      ...roleCaller('desktop-user', 'ipc', session.who.name, session.who.role),
      ...(session.who.expiresAt === null ? {} : { expiresAt: session.who.expiresAt }),
    };
  }

  state(): DesktopSession {
    const caller = this.caller();
    return {
      signInRequired: this.signIn.enabled(),
      who: caller === SIGNED_OUT ? null : whoAmI(caller),
    };
  }

  /** Signs in through the system browser; resolves when the provider has answered. */
  async signInNow(): Promise<DesktopSession> {
    const done = await signInThroughSystemBrowser({
      signIn: this.signIn,
      openExternal: this.openExternal,
      ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }),
    });
    if (this.sessionId !== null) {
      await this.signIn.signOut(this.sessionId, null, { kind: 'desktop-user', transport: 'ipc' });
    }
    this.sessionId = done.sessionId;
    return this.state();
  }

  async signOutNow(): Promise<DesktopSession> {
    if (this.sessionId !== null) {
      await this.signIn.signOut(this.sessionId, null, { kind: 'desktop-user', transport: 'ipc' });
      this.sessionId = null;
    }
    return this.state();
  }
}
