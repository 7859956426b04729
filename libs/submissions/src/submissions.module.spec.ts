import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LETTER_TARGETS } from './letter-targets.port';
import { SUBMISSION_GATE } from './submission-gate.port';
import { SubmissionsModule } from './submissions.module';
import { SubmissionsService } from './submissions.service';

/**
 * The ports are required: an app that forgets to pass the module implementing one of them must
 * refuse to boot, never run without rate limits or letter targets. Everything else the lib needs
 * (database, queue, config) is stood in for by a mock; the ports never are.
 */

const PORTS: unknown[] = [LETTER_TARGETS, SUBMISSION_GATE];

/** Stands in for any value: every property and every call gives back the stand-in. */
function anything(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 'x' : proxy),
    apply: () => proxy,
  });
  return proxy;
}

function compileWith(...imports: NonNullable<Parameters<typeof SubmissionsModule.forRoot>[0]['imports']>) {
  return Test.createTestingModule({ imports: [SubmissionsModule.forRoot({ imports })] })
    .useMocker((token) => (PORTS.includes(token) ? undefined : anything()))
    .compile();
}

@Module({ providers: [{ provide: LETTER_TARGETS, useValue: { planTargets: async () => [] } }], exports: [LETTER_TARGETS] })
class FakeLettersModule {}

@Module({ providers: [{ provide: SUBMISSION_GATE, useValue: { check: async () => ({ suspicious: false, reasons: [] }) } }], exports: [SUBMISSION_GATE] })
class FakeAbuseModule {}

describe('SubmissionsModule ports', () => {
  it('boots when both ports are implemented', async () => {
    const app = await compileWith(FakeLettersModule, FakeAbuseModule);
    expect(app.get(SubmissionsService)).toBeInstanceOf(SubmissionsService);
    await app.close();
  });

  it('refuses to boot without the abuse implementation (no silent loss of rate limits)', async () => {
    await expect(compileWith(FakeLettersModule)).rejects.toThrow(/SubmissionsService[\s\S]*Symbol\(SUBMISSION_GATE\)/);
  });

  it('refuses to boot without the letters implementation', async () => {
    await expect(compileWith(FakeAbuseModule)).rejects.toThrow(/SubmissionsService[\s\S]*Symbol\(LETTER_TARGETS\)/);
  });
});
