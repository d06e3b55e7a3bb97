// The new-ticket modal with a place for files: Slack's file_input element,
// optional, after the form's own fields. What is submitted there comes back as
// file objects in view_submission's state (see filesInForm). Pure.
import { translate, type Locale, type ReplyForm } from '../../../src/index.js';
import { formModal } from './form-modal.js';

export const FILES_BLOCK = 'sportello_files';
/** Slack takes at most 10 files in one file_input. */
const MAX_FILES = 10;

export function newTicketModal(form: ReplyForm, locale: Locale) {
  const modal = formModal(form);
  return {
    ...modal,
    blocks: [
      ...modal.blocks,
      {
        type: 'input',
        block_id: FILES_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: translate(locale, 'files.slack.attachLabel') },
        hint: { type: 'plain_text', text: translate(locale, 'files.slack.attachHint') },
        element: { type: 'file_input', action_id: 'files', max_files: MAX_FILES },
      },
    ],
  };
}
