import { describe, expect, it } from 'vitest';
import { commentLanguage, faceOf, feedbackBody, RATINGS } from './model';

describe('feedback', () => {
  it('has ten faces from very unhappy to very happy, all different', () => {
    const faces = RATINGS.map(faceOf);
    expect(faces).toHaveLength(10);
    expect(new Set(faces).size).toBe(10);
    expect(faceOf(1)).toBe('😞');
    expect(faceOf(10)).toBe('😄');
    expect(faceOf(0)).toBe('😞');
    expect(faceOf(11)).toBe('😄');
  });

  it('says the comment’s language only when it is written in the app language’s script', () => {
    expect(commentLanguage('كان اللقاء مفيدًا', 'ar')).toBe('ar');
    expect(commentLanguage('كان اللقاء مفيدًا', 'en')).toBeNull();
    expect(commentLanguage('Very useful, thanks', 'en')).toBe('en');
    expect(commentLanguage('Дуже корисно', 'uk')).toBe('uk');
    expect(commentLanguage('Дуже корисно', 'sl')).toBeNull();
    expect(commentLanguage('👍 10/10', 'fa')).toBeNull();
  });

  it('sends the rating, and a trimmed comment with its language, or no comment', () => {
    expect(feedbackBody(8, '   ', 'ar')).toEqual({ rating: 8, comment: null });
    expect(feedbackBody(8, ' شكرًا ', 'ar')).toEqual({ rating: 8, comment: 'شكرًا', comment_language: 'ar' });
    expect(feedbackBody(3, 'More time please', 'ar')).toEqual({ rating: 3, comment: 'More time please' });
  });
});
