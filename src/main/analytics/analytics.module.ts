import type { CoreModule } from '../contract';
import { AnalyticsService, type AnalyticsSources } from './analytics.service';

export interface AnalyticsModule extends CoreModule<'analytics.report'> {
  readonly service: AnalyticsService;
}

/**
 * Analytics: reports over a period from what the other domains recorded (publications and
 * failures, recordings and their captions, the catalog's VOD views). It keeps no tables of its own
 * and runs nothing in the background.
 */
export function createAnalyticsModule(sources: AnalyticsSources): AnalyticsModule {
  const service = new AnalyticsService(sources);
  return {
    name: 'analytics',
    service,
    handlers: {
      'analytics.report': (input) => service.report(input),
    },
    start() {},
    dispose: () => Promise.resolve(),
  };
}
