import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useCodeLists } from '../api/codeLists';
import { unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SuccessMessage } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { formatDay } from '../format';
import { useI18n } from '../i18n';
import { FromOccupation } from '../skills/FromOccupation';
import { listSkills, type ParticipantSkill } from '../skills/model';
import { AddSkill, EditSkill } from '../skills/SkillForms';
import { displayName, participantRef } from './common';
import type { ParticipantView } from './model';

/** Views in which skills may be changed (api/src/skills/access.rs, may_edit). */
export const SKILL_EDIT_VIEWS = ['full', 'limited', 'own'] as const;

/** The Skills tab of a profile: the list, and for who may change them, add, edit, remove and "add from an occupation". */
export default function SkillsTab({ p }: { p: ParticipantView }) {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['skill-levels', 'skill-acquired', 'skill-evidence']);
  const editable = (SKILL_EDIT_VIEWS as readonly string[]).includes(p.view) && p.status === 'active';
  const list = useLoad(() => listSkills(participantRef(p), lang), [p.id, lang]);
  const load = () => list.reload();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ParticipantSkill | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ProblemKey | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await unwrap(api.DELETE('/api/v1/participants/{id}/skills/{skill_id}', { params: { path: { id: participantRef(p), skill_id: removing.id } } }));
      setNotice(t('skills.removed', { skill: removing.skill.label }));
      setRemoving(null);
      await load();
    } catch (error) {
      setDialogError(problemKey(error));
    } finally {
      setBusy(false);
    }
  };

  const held = list.state === 'ready' ? list.data.map((s) => s.skill.uri) : [];

  return (
    <div data-testid="skills-tab">
      {notice && <SuccessMessage testId="skills-notice">{notice}</SuccessMessage>}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.length === 0 ? (
        <p class="hint" data-testid="no-skills">
          {t('skills.none')}
        </p>
      ) : (
        <ul class="card-list" data-testid="skills">
          {list.data.map((s) => (
            <li class="card-item skill-item" key={s.id} data-testid="skill" data-uri={s.skill.uri}>
              {editing === s.id ? (
                <EditSkill
                  participantId={participantRef(p)}
                  skill={s}
                  codes={codes}
                  onDone={async (changed) => {
                    setEditing(null);
                    if (changed) {
                      setNotice(t('skills.changed', { skill: s.skill.label }));
                      await load();
                    }
                  }}
                  onStale={load}
                />
              ) : (
                <>
                  <div class="card-main">
                    <p class="primary">
                      <bdi>{s.skill.label}</bdi> <span class="pill pill-level">{codes.label('skill-levels', s.level)}</span>
                      {s.skill.status === 'obsolete' && <span class="badge">{t('skills.obsolete')}</span>}
                    </p>
                    <p class="meta">
                      {[
                        s.years != null ? t('skills.years_n', { n: s.years }) : null,
                        s.acquired ? codes.label('skill-acquired', s.acquired) : null,
                        codes.label('skill-evidence', s.evidence),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                    {s.certificate && (
                      <div class="meta certificate" data-testid="certificate">
                        <p>
                          {t('skills.certificate')}: <bdi>{s.certificate.name}</bdi>
                        </p>
                        {s.certificate.issuer && (
                          <p>
                            {t('skills.cert_issuer')}: <bdi>{s.certificate.issuer}</bdi>
                          </p>
                        )}
                        {(s.certificate.expires || s.certificate_expired) && (
                          <p>
                            {s.certificate.expires && t('skills.expires_on', { date: formatDay(s.certificate.expires, lang) })}{' '}
                            {s.certificate_expired && (
                              <span class="pill pill-revoked" data-testid="expired">
                                {t('skills.expired')}
                              </span>
                            )}
                          </p>
                        )}
                      </div>
                    )}
                  </div>
                  {editable && (
                    <div class="actions">
                      <button type="button" class="secondary small" onClick={() => setEditing(s.id)} data-testid="edit-skill">
                        {t('skills.edit')}
                      </button>
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => {
                          setDialogError(null);
                          setRemoving(s);
                        }}
                        data-testid="remove-skill"
                      >
                        {t('skills.remove')}
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {editable && (
        <>
          <AddSkill
            participantId={participantRef(p)}
            codes={codes}
            onAdded={async (label) => {
              setNotice(t('skills.added', { skill: label }));
              await load();
            }}
          />
          <FromOccupation participantId={participantRef(p)} codes={codes} held={held} onDone={load} />
        </>
      )}

      {removing && (
        <ConfirmDialog
          title={t('skills.remove_title', { skill: removing.skill.label, name: displayName(p, t) })}
          confirmLabel={t('skills.remove_confirm')}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(null)}
          busy={busy}
          error={dialogError && t(dialogError)}
          testId="remove-skill-dialog"
        >
          <p>{t('skills.remove_text')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
