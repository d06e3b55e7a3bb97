// How each typed command is written, as the usage errors quote it. One table,
// so the grammar and the handlers that check arguments say the same thing.
export const USAGE = {
  new: 'new [--no-faq] [--dept <department>] [--urgency high|medium|low] <text>',
  status: 'status [CODE]',
  cancel: 'cancel CODE [reason]',
  reply: 'reply CODE <text>',
  claim: 'claim CODE',
  unclaim: 'unclaim CODE',
  note: 'note CODE <text>',
  priority: 'priority CODE P1|P2|P3|P4',
  assign: 'assign CODE @user',
  move: 'move CODE <department>',
  escalate: 'escalate CODE [reason]',
  resolve: 'resolve CODE [resolution]',
  faqAdd: 'faq add <question> = <answer>',
  faqPromote: 'faq promote CODE',
  faq: 'faq add <question> = <answer> | faq promote CODE',
} as const;
