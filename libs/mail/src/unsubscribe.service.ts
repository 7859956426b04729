import { Injectable } from '@nestjs/common';
import { hashToken, NotFoundError } from '@app/common';
import { SubmissionsRepository } from '@app/submissions';
import { isLinkToken } from './tokens';

/**
 * Unsubscribing from the link or the List-Unsubscribe header of a supporter email. The token is
 * looked up by its hash (stored when the email was rendered), so the link carries no id.
 * Idempotent: a second click changes nothing and still succeeds.
 */
@Injectable()
export class UnsubscribeService {
  constructor(private readonly supporters: SubmissionsRepository) {}

  /** Whether the token belongs to a supporter (for the page that shows the button). */
  async exists(token: string): Promise<boolean> {
    if (!isLinkToken(token)) return false;
    return this.supporters.hasUnsubscribeToken(hashToken(token));
  }

  /** Stops every non-transactional email to the supporter; 404 for an unknown token. */
  async unsubscribe(token: string): Promise<void> {
    const found = isLinkToken(token) && (await this.supporters.unsubscribe(hashToken(token)));
    if (!found) throw new NotFoundError('This unsubscribe link is not valid. It may have been mistyped.');
  }
}
