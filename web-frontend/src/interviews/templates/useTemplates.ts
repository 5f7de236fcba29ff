import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useLoad, type Load } from '../../components/useLoad';
import { useI18n } from '../../i18n';
import type { Template } from './templateModel';

/** The organisation's questionnaires, titles in the app's language (still shown while another language loads). */
export function useTemplates(): Load<Template[]> {
  const { lang } = useI18n();
  return useLoad(() => unwrap(api.GET('/api/v1/interview-templates', { params: { query: { lang } } })), [lang], { keepOnChange: true });
}
