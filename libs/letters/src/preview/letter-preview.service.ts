import { Inject, Injectable } from '@nestjs/common';
import { ActionEntity, CampaignsService } from '@app/campaigns';
import { UnprocessableError } from '@app/common';
import { LETTER_TARGETS, LetterTargetsPort, PublicTarget } from '@app/submissions';
import { cityFromAddress, renderLetter } from '../content/letter-template';
import { PreviewLetterDto, TargetsQueryDto } from './preview-letter.dto';

export interface LetterPreview {
  subject: string;
  targets: PublicTarget[];
  letters: Array<{ targetId: string; subject: string; text: string }>;
}

/** The same 422 the submission gives, so a form can show it before the supporter presses Send. */
export function assertMessageAllowed(action: ActionEntity, message: string | undefined): void {
  if (message === undefined || message === '') return;
  if (!action.editable) {
    throw new UnprocessableError('This action does not take a message of your own.', [
      { field: 'message', message: 'message is not accepted by this action' },
    ]);
  }
  if (message.length > action.maxMessageLength) {
    throw new UnprocessableError(`Your message is longer than this action allows (${action.maxMessageLength} characters).`, [
      { field: 'message', message: `message must be at most ${action.maxMessageLength} characters` },
    ]);
  }
}

/**
 * Preview of a letter action for a supporter: who receives it (and whether each target can be
 * reached) and the text each one gets. Uses the same planning and rendering as delivery.
 */
@Injectable()
export class LetterPreviewService {
  constructor(
    private readonly campaigns: CampaignsService,
    @Inject(LETTER_TARGETS) private readonly targets: LetterTargetsPort,
  ) {}

  async targetsFor(actionId: string, query: TargetsQueryDto): Promise<{ zip: string; targets: PublicTarget[] }> {
    const action = await this.letterAction(actionId);
    const planned = await this.targets.planTargets(action, { zip: query.zip, district: query.district });
    return { zip: query.zip.slice(0, 5), targets: planned.map(publicTarget) };
  }

  async preview(actionId: string, input: PreviewLetterDto): Promise<LetterPreview> {
    const action = await this.letterAction(actionId);
    assertMessageAllowed(action, input.message);
    const planned = await this.targets.planTargets(action, { zip: input.zip, district: input.district });
    const letters = planned.map((t) => {
      const l = renderLetter({
        subjectTemplate: action.subject ?? '',
        bodyTemplate: action.bodyTemplate ?? '',
        target: { title: t.title, name: t.name },
        supporter: { givenName: input.givenName, familyName: input.familyName, city: cityFromAddress(input.address) },
        message: input.message,
        editable: action.editable,
        maxMessageLength: action.maxMessageLength,
      });
      return { targetId: t.id, subject: l.subject, text: l.text };
    });
    return { subject: letters[0]?.subject ?? action.subject ?? '', targets: planned.map(publicTarget), letters };
  }

  /** 404 unknown, 409 closed or unpublished (as for submissions), 422 when it is not a letter. */
  private async letterAction(actionId: string): Promise<ActionEntity> {
    const { action } = await this.campaigns.getActionForSubmission(actionId);
    if (action.kind !== 'letter') throw new UnprocessableError('This action is not a letter: it has no recipients or text to preview.');
    return action;
  }
}

function publicTarget(t: PublicTarget): PublicTarget {
  return { id: t.id, name: t.name, chamber: t.chamber, state: t.state, district: t.district, deliverable: t.deliverable };
}
