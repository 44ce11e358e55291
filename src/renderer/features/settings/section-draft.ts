import { useEffect, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import type { Settings, SettingsPatch, SettingsView } from '../../../shared/settings';
import { useSettingsStore } from '../../stores';
import type { FormError } from './form-values';

/** The sections edited as one draft object and saved whole by one form. */
export type DraftSection = 'notifications' | 'sso' | 'host' | 'desktop';

export interface SectionDraft<S extends DraftSection> {
  draft: Settings[S];
  setDraft: Dispatch<SetStateAction<Settings[S]>>;
  /** The form's submit: saves the whole draft as this section. */
  submit: (event: FormEvent) => Promise<void>;
  /** The last save's error, when that save was this form's. */
  error: FormError | null;
  /** What `SaveRow` takes beside its label. */
  saveRow: { saving: boolean; savingHere: boolean; saved: boolean };
}

/**
 * A settings form's draft of one section: what is typed is kept until this section changes in the
 * core (another form's save does not reset it), and the screen's one save state is split into
 * what belongs to this form.
 */
export function useSectionDraft<S extends DraftSection>(
  view: SettingsView,
  section: S,
): SectionDraft<S> {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const savedAt = useSettingsStore((s) => s.savedAt);
  const ours = useSettingsStore((s) => s.saveSection === section);
  const current = view.settings[section];
  const [draft, setDraft] = useState<Settings[S]>(current);

  const sectionKey = JSON.stringify(current);
  useEffect(() => {
    setDraft(current);
  }, [sectionKey]);

  const error = ours ? saveError : null;
  return {
    draft,
    setDraft,
    submit: async (event) => {
      event.preventDefault();
      const patch: SettingsPatch = { [section]: draft };
      await save(patch);
    },
    error,
    saveRow: {
      saving,
      savingHere: saving && ours,
      saved: savedAt !== null && ours && !error && !saving,
    },
  };
}
