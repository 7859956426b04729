import { letterProblems } from './letter-rules';

describe('letterProblems', () => {
  const complete = { kind: 'letter' as const, subject: 'S', bodyTemplate: 'Dear {{target.name}}', targetKinds: ['senate' as const], customTargets: [] };

  it('accepts a complete letter and any pledge', () => {
    expect(letterProblems(complete)).toEqual([]);
    expect(letterProblems({ ...complete, kind: 'pledge', subject: null, bodyTemplate: null, targetKinds: [] })).toEqual([]);
  });

  it('names every missing part of a letter', () => {
    const fields = letterProblems({ ...complete, subject: ' ', bodyTemplate: null, targetKinds: [] }).map((e) => e.field);
    expect(fields).toEqual(['subject', 'bodyTemplate', 'targetKinds']);
  });

  it('requires valid custom targets when custom is chosen', () => {
    expect(letterProblems({ ...complete, targetKinds: ['custom'] }).map((e) => e.field)).toEqual(['customTargets']);
    const bad = letterProblems({ ...complete, targetKinds: ['custom'], customTargets: [{ name: 'Mayor', email: 'not-an-email' }] });
    expect(bad.map((e) => e.field)).toEqual(['customTargets.0.email']);
  });
});
