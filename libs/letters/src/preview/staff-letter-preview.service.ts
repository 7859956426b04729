import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActionEntity } from '@app/campaigns';
import { NotFoundError, UnprocessableError, isUuid } from '@app/common';
import { renderLetter } from '../content/letter-template';
import { StaffLetterPreviewDto } from './staff-letter-preview.dto';


/** Sample values so staff see a realistic letter before anyone has signed. */
export const SAMPLE_SUPPORTER = { givenName: 'Sam', familyName: 'Sample', city: 'Burlington' };
export const SAMPLE_TARGET = { title: 'Senator', name: 'Jane Doe' };

/**
 * Staff preview of a letter action in any status (the public preview only serves live ones),
 * with the same renderer delivery uses, so what staff see is what representatives get.
 */
@Injectable()
export class StaffLetterPreviewService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async preview(actionId: string, input: StaffLetterPreviewDto): Promise<{ subject: string; text: string; html: string; target: { title?: string; name: string } }> {
    const action = isUuid(actionId) ? await this.ds.getRepository(ActionEntity).findOne({ where: { id: actionId } }) : null;
    if (!action) throw new NotFoundError(`No action has the id "${actionId}".`);
    if (action.kind !== 'letter') throw new UnprocessableError('Only letter actions have a letter to preview.', [{ field: 'kind', message: 'not a letter action' }]);
    const custom = action.targetKinds.includes('custom') ? action.customTargets[0] : undefined;
    const target = input.target ?? (custom ? { title: custom.title, name: custom.name } : SAMPLE_TARGET);
    const letter = renderLetter({
      subjectTemplate: input.subject ?? action.subject ?? '',
      bodyTemplate: input.bodyTemplate ?? action.bodyTemplate ?? '',
      target,
      supporter: { ...SAMPLE_SUPPORTER, ...input.supporter },
      message: input.message ?? (action.editable ? 'My own words would appear here.' : undefined),
      editable: action.editable,
      maxMessageLength: action.maxMessageLength,
    });
    return { ...letter, target };
  }
}
