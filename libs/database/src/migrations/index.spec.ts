import { readdirSync } from 'node:fs';
import { migrations } from './index';

describe('migrations list', () => {
  it('names every migration file in the folder, in timestamp order', () => {
    const files = readdirSync(__dirname).filter((f) => /^\d+-.+\.ts$/.test(f) && !f.endsWith('.spec.ts'));
    const names = migrations.map((m) => m.name.match(/(\d+)$/)![1]);
    expect(names).toEqual(files.map((f) => f.split('-')[0]).sort());
    expect([...names].sort()).toEqual(names);
  });
});
