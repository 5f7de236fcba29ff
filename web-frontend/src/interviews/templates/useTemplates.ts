import { useLoad, type Load } from '../../components/useLoad';
import { useI18n } from '../../i18n';
import { listTemplates, type Template } from '../model';

/** The organisation's questionnaires, titles in the app's language (still shown while another language loads). */
export function useTemplates(): Load<Template[]> {
  const { lang } = useI18n();
  return useLoad(() => listTemplates(lang), [lang], { keepOnChange: true });
}
