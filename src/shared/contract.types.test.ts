import { describe, expectTypeOf, it } from 'vitest';
import type { ApiTokenCreated, AuditPage } from './access';
import type { AnalyticsReport } from './analytics';
import type { ShowDetail, ShowPage, SyncStatus } from './catalog';
import type { ConnectionTestResult } from './connection';
import type { HealthDiagnostics } from './health';
import {
  EVENT_NAMES,
  METHOD_NAMES,
  accessOf,
  type Access,
  type AppEvents,
  type AppInfo,
  type EventName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './contract';
import type { RecordingDetail, RecordingDraft, TranscriptionCompleted } from './library';
import type { SettingsView } from './settings';

/*
 * Pins the contract's shape at compile time (`npm run typecheck` checks these files): a method
 * renamed, an input or result changed, or an event's payload changed fails here first, where the
 * renderer, the preload and both shells would otherwise drift apart.
 */

describe('the contract', () => {
  it('names its methods and events from its maps', () => {
    expectTypeOf(METHOD_NAMES).toEqualTypeOf<MethodName[]>();
    expectTypeOf(EVENT_NAMES).toEqualTypeOf<EventName[]>();
    expectTypeOf<EventName>().toEqualTypeOf<
      | 'settings.changed'
      | 'connection.tested'
      | 'sync.progress'
      | 'catalog.changed'
      | 'shows.editsChanged'
      | 'library.changed'
      | 'transcription.completed'
      | 'publish.changed'
      | 'publish.progress'
      | 'vod.published'
      | 'publish.failed'
      | 'schedules.changed'
      | 'health.changed'
      | 'webhooks.changed'
    >();
    expectTypeOf<Extract<MethodName, `library.${string}`>>().toEqualTypeOf<
      | 'library.status'
      | 'library.folders.add'
      | 'library.folders.remove'
      | 'library.scan'
      | 'library.schedule'
      | 'library.list'
      | 'library.get'
      | 'library.captions'
      | 'library.link'
      | 'library.unlink'
      | 'library.draft.propose'
      | 'library.draft.save'
    >();
    expectTypeOf<
      Extract<MethodName, `shows.${string}` | `sync.${string}` | `catalog.${string}`>
    >().toEqualTypeOf<
      | 'shows.search'
      | 'shows.ids'
      | 'shows.get'
      | 'shows.chapters'
      | 'shows.metadata'
      | 'shows.edit'
      | 'shows.discardEdits'
      | 'shows.resolveEdits'
      | 'shows.pushEdits'
      | 'shows.editCounts'
      | 'catalog.facets'
      | 'catalog.fileStores'
      | 'sync.status'
      | 'sync.start'
      | 'sync.cancel'
    >();
    expectTypeOf<Extract<MethodName, `tokens.${string}` | `audit.${string}`>>().toEqualTypeOf<
      'tokens.list' | 'tokens.create' | 'tokens.revoke' | 'audit.list' | 'audit.export'
    >();
    expectTypeOf<Extract<MethodName, `health.${string}`>>().toEqualTypeOf<
      'health.status' | 'health.check' | 'health.timeline' | 'health.diagnostics'
    >();
    expectTypeOf<Extract<MethodName, `session.${string}` | `sso.${string}`>>().toEqualTypeOf<
      'session.whoami' | 'sso.status' | 'sso.setClientSecret' | 'sso.clearClientSecret' | 'sso.test'
    >();
  });

  it('pins inputs and results', () => {
    expectTypeOf<MethodInput<'app.info'>>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<MethodOutput<'app.info'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<MethodOutput<'settings.update'>>().toEqualTypeOf<SettingsView>();
    expectTypeOf<MethodInput<'connection.setPassword'>>().toEqualTypeOf<{ password: string }>();
    expectTypeOf<MethodOutput<'connection.test'>>().toEqualTypeOf<ConnectionTestResult>();
    expectTypeOf<MethodInput<'shows.get'>>().toEqualTypeOf<{ id: number }>();
    expectTypeOf<MethodOutput<'shows.get'>>().toEqualTypeOf<ShowDetail>();
    expectTypeOf<MethodOutput<'shows.search'>>().toEqualTypeOf<ShowPage>();
    expectTypeOf<MethodInput<'sync.start'>>().toEqualTypeOf<{ mode: 'full' | 'incremental' }>();
    expectTypeOf<MethodOutput<'sync.start'>>().toEqualTypeOf<SyncStatus>();
    expectTypeOf<MethodInput<'library.link'>>().toEqualTypeOf<{ id: number; showId: number }>();
    expectTypeOf<MethodOutput<'library.link'>>().toEqualTypeOf<RecordingDetail>();
    expectTypeOf<MethodOutput<'library.draft.save'>>().toEqualTypeOf<RecordingDraft>();
    expectTypeOf<MethodInput<'analytics.report'>>().toEqualTypeOf<{ from: string; to: string }>();
    expectTypeOf<MethodOutput<'analytics.report'>>().toEqualTypeOf<AnalyticsReport>();
    expectTypeOf<MethodInput<'tokens.create'>>().toEqualTypeOf<{
      name: string;
      role: 'viewer' | 'operator' | 'admin';
    }>();
    expectTypeOf<MethodOutput<'tokens.create'>>().toEqualTypeOf<ApiTokenCreated>();
    expectTypeOf<MethodOutput<'audit.list'>>().toEqualTypeOf<AuditPage>();
    expectTypeOf<MethodInput<'health.diagnostics'>>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<MethodOutput<'health.diagnostics'>>().toEqualTypeOf<HealthDiagnostics>();
  });

  it('pins the access each method declares, and the events payloads', () => {
    expectTypeOf(accessOf).returns.toEqualTypeOf<Access>();
    expectTypeOf<Access>().toEqualTypeOf<'read' | 'operate' | 'admin'>();
    expectTypeOf<AppEvents['settings.changed']>().toEqualTypeOf<SettingsView>();
    expectTypeOf<AppEvents['sync.progress']>().toEqualTypeOf<SyncStatus>();
    expectTypeOf<AppEvents['catalog.changed']>().toEqualTypeOf<{ showCount: number }>();
    expectTypeOf<AppEvents['transcription.completed']>().toEqualTypeOf<TranscriptionCompleted>();
  });
});
