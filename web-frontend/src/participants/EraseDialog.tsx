// Erasing a participant: what goes and what stays, and the reason, which is required.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TextAreaField } from '../components/forms';
import { useI18n } from '../i18n';
import { participantRef } from './common';
import type { ParticipantView } from './model';

export function EraseDialog({ p, name, onCancel, onErased }: { p: ParticipantView; name: string; onCancel: () => void; onErased: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<ProblemKey | null>(null);
  const [busy, setBusy] = useState(false);
  const erase = async () => {
    if (!reason.trim()) {
      setError(t('field_error.required'));
      document.getElementById('erase-reason')?.focus();
      return;
    }
    setError(null);
    setGeneral(null);
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/participants/{id}/erase', { params: { path: { id: participantRef(p) } }, body: { reason: reason.trim() } }));
      onErased();
    } catch (err) {
      setGeneral(problemKey(err));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={t('participants.erase_title', { name })}
      confirmLabel={t('participants.erase_confirm')}
      onConfirm={() => void erase()}
      onCancel={onCancel}
      busy={busy}
      error={general && t(general)}
      testId="erase-dialog"
    >
      <p class="warning">{t('participants.erase_irreversible')}</p>
      <ul class="consequences">
        <li>{t('participants.erase_removed')}</li>
        <li>{t('participants.erase_kept')}</li>
        <li>{t('participants.erase_consents')}</li>
      </ul>
      <TextAreaField
        id="erase-reason"
        label={t('participants.erase_reason')}
        hint={t('participants.erase_reason_hint')}
        value={reason}
        onValue={(value) => {
          setReason(value);
          if (value.trim()) setError(null);
        }}
        error={error}
        maxLength={500}
        rows={2}
        required
        testId="erase-reason"
      />
    </ConfirmDialog>
  );
}
