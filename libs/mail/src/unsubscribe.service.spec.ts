import { hashToken, NotFoundError } from '@app/common';
import type { SubmissionsRepository } from '@app/submissions';
import { strict } from '../../../test/support/strict-fake';
import { UnsubscribeService } from './unsubscribe.service';

const TOKEN = 'T'.repeat(43);

describe('UnsubscribeService', () => {
  it('unsubscribes the supporter whose token hash matches, and says 404 for an unknown token', async () => {
    const asked: string[] = [];
    const service = new UnsubscribeService(strict<SubmissionsRepository>({ unsubscribe: async (h: string) => (asked.push(h), h === hashToken(TOKEN)) }));
    await expect(service.unsubscribe(TOKEN)).resolves.toBeUndefined();
    await expect(service.unsubscribe('U'.repeat(43))).rejects.toThrow(NotFoundError);
    expect(asked).toEqual([hashToken(TOKEN), hashToken('U'.repeat(43))]);
  });

  it('never looks up a malformed token', async () => {
    const service = new UnsubscribeService(strict<SubmissionsRepository>({}));
    await expect(service.unsubscribe('short')).rejects.toThrow(NotFoundError);
    await expect(service.exists('../../x')).resolves.toBe(false);
  });

  it('reports whether a token belongs to someone', async () => {
    const service = new UnsubscribeService(strict<SubmissionsRepository>({ hasUnsubscribeToken: async (h: string) => h === hashToken(TOKEN) }));
    expect(await service.exists(TOKEN)).toBe(true);
    expect(await service.exists('V'.repeat(43))).toBe(false);
  });
});
