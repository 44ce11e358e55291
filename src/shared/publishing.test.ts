import { describe, expect, it } from 'vitest';
import { qualitiesFor, type VodConfigurationOption } from './publishing';

const HD = { id: 1, name: '1080p' };
const SD = { id: 2, name: '480p' };
const LOW = { id: 3, name: '360p' };

function config(
  id: number,
  qualities: VodConfigurationOption['qualities'],
): VodConfigurationOption {
  return { id, name: `Configuration ${id}`, locationId: id, qualities, defaultQuality: null };
}

describe('the qualities a batch may ask for', () => {
  const configurations = [config(1, [HD, SD, LOW]), config(2, [SD, LOW])];

  it('are those of the configuration chosen', () => {
    expect(qualitiesFor(configurations, 1)).toEqual([HD, SD, LOW]);
    expect(qualitiesFor(configurations, 2)).toEqual([SD, LOW]);
  });

  it("are those every configuration offers when the show's location decides", () => {
    expect(qualitiesFor(configurations, null)).toEqual([SD, LOW]);
    expect(qualitiesFor([config(1, [HD])], null)).toEqual([HD]);
  });

  it('are none for a configuration, or a catalog, that is not known', () => {
    expect(qualitiesFor(configurations, 9)).toEqual([]);
    expect(qualitiesFor([], null)).toEqual([]);
  });
});
