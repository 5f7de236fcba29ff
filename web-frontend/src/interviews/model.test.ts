// The interview model: which language a person reads the questions in, texts
// in several languages, and the completion's error fields.
import { describe, expect, it } from 'vitest';
import { localize, missingAnswer, questionLanguageFor } from './model';

describe('model', () => {
  it('picks the question language from the best-spoken language with template texts (Dari reads Persian)', () => {
    expect(questionLanguageFor([{ language: 'sl', level: 'A2' }, { language: 'ar', level: 'native' }])).toBe('ar');
    expect(questionLanguageFor([{ language: 'prs', level: 'native' }, { language: 'sl', level: 'A2' }])).toBe('fa');
    expect(questionLanguageFor([{ language: 'ti', level: 'native' }, { language: 'ar', level: 'B1' }])).toBe('ar');
    expect(questionLanguageFor([{ language: 'so', level: 'native' }])).toBeNull();
    expect(questionLanguageFor(null)).toBeNull();
  });

  it('localises a text, falling back to English', () => {
    expect(localize({ en: 'Hi', ar: 'مرحبا' }, 'ar')).toEqual({ text: 'مرحبا', lang: 'ar', dir: 'rtl', exact: true });
    expect(localize({ en: 'Hi', fa: 'سلام' }, 'prs')).toEqual({ text: 'سلام', lang: 'fa', dir: 'rtl', exact: true });
    expect(localize({ en: 'Hi' }, 'uk')).toEqual({ text: 'Hi', lang: 'en', dir: 'ltr', exact: false });
  });

  it('reads a completion error field', () => {
    expect(missingAnswer('answers[p-1].needs')).toEqual({ participantId: 'p-1', questionId: 'needs' });
    expect(missingAnswer('participants')).toBeNull();
  });
});
