/**
 * The words of supporter emails, one catalogue per language. Add a language by adding an object
 * of this shape to MAIL_CATALOGUES (e.g. `es`); builders never contain copy of their own.
 * Values are plain text: the builders escape them for HTML.
 */
export interface MailCatalogue {
  lang: string;
  greeting(givenName: string): string;
  signOff: string;
  helpLine: string;
  confirmation: {
    subject(actionTitle: string): string;
    intro(actionTitle: string): string;
    instruction: string;
    button: string;
    notYou: string;
  };
  thankYou: {
    subject(actionTitle: string): string;
    intro(actionTitle: string): string;
    letters: string;
    shareIntro: string;
    shareByEmail: string;
    shareSubject(campaignTitle: string): string;
    shareBody(campaignTitle: string, url: string): string;
  };
  alreadySigned: {
    subject(actionTitle: string): string;
    intro(actionTitle: string): string;
    notYou: string;
  };
  unsubscribe: {
    footer: string;
    link: string;
  };
}

export const EN: MailCatalogue = {
  lang: 'en',
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  signOff: 'Thank you,\nThe Rally team',
  helpLine:
    'If you or someone you know needs help: call the National Human Trafficking Hotline at 1-888-373-7888 ' +
    '(24/7, in more than 200 languages) or text "BeFree" to 233733.',
  confirmation: {
    subject: (action) => `Please confirm: ${action}`,
    intro: (action) => `Thank you for taking action: "${action}".`,
    instruction: 'To make it count, open this link and press the Confirm button:',
    button: 'Confirm my action',
    notYou: 'If this was not you, ignore this email: nothing will be counted and you will not hear from us about it again.',
  },
  thankYou: {
    subject: (action) => `Thank you for taking action: ${action}`,
    intro: (action) => `Your action "${action}" has been recorded. Thank you for standing with survivors.`,
    letters: 'Your letters are on their way to your representatives.',
    shareIntro: 'Ask a friend to join you: share this page.',
    shareByEmail: 'Share by email',
    shareSubject: (campaign) => `Take action with me: ${campaign}`,
    shareBody: (campaign, url) => `I just took action on "${campaign}". Will you join me?\n\n${url}`,
  },
  alreadySigned: {
    subject: () => 'You have already taken this action',
    intro: (action) =>
      `Someone, probably you, just tried to take the action "${action}" again with this email address. ` +
      'You had already taken it, so nothing has changed and it still counts once.',
    notYou: 'If this was not you, you do not need to do anything.',
  },
  unsubscribe: {
    footer: 'You receive this email because this address was used to take an action on Rally.',
    link: 'Unsubscribe from Rally emails',
  },
};

export const MAIL_CATALOGUES: Record<string, MailCatalogue> = { en: EN };

/** The catalogue for a language, falling back to English. */
export function catalogue(lang?: string | null): MailCatalogue {
  return (lang && MAIL_CATALOGUES[lang]) || EN;
}
