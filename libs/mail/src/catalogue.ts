/**
 * The words of supporter emails, one catalogue per language. Add a language by adding an object
 * of this shape to MAIL_CATALOGUES; builders never contain copy of their own.
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

/** Spanish (US): "usted", neutral Latin American wording, as on the Spanish web pages. */
export const ES: MailCatalogue = {
  lang: 'es',
  greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
  signOff: 'Gracias,\nEl equipo de Rally',
  helpLine:
    'Si usted o alguien que conoce necesita ayuda: llame a la Línea Nacional contra la Trata de Personas al 1-888-373-7888 ' +
    '(24/7, en más de 200 idiomas) o envíe "BeFree" por mensaje de texto al 233733.',
  confirmation: {
    subject: (action) => `Confirme, por favor: ${action}`,
    intro: (action) => `Gracias por tomar acción: "${action}".`,
    instruction: 'Para que cuente, abra este enlace y pulse el botón Confirmar:',
    button: 'Confirmar mi acción',
    notYou: 'Si no fue usted, ignore este correo: no se contará nada y no volverá a saber de nosotros por este motivo.',
  },
  thankYou: {
    subject: (action) => `Gracias por tomar acción: ${action}`,
    intro: (action) => `Su acción "${action}" quedó registrada. Gracias por apoyar a las personas sobrevivientes.`,
    letters: 'Sus cartas van camino a sus representantes.',
    shareIntro: 'Invite a una amistad a sumarse: comparta esta página.',
    shareByEmail: 'Compartir por correo electrónico',
    shareSubject: (campaign) => `Tome acción conmigo: ${campaign}`,
    shareBody: (campaign, url) => `Acabo de tomar acción en "${campaign}". ¿Se suma?\n\n${url}`,
  },
  alreadySigned: {
    subject: () => 'Usted ya tomó esta acción',
    intro: (action) =>
      `Alguien, probablemente usted, acaba de intentar tomar de nuevo la acción "${action}" con esta dirección de correo. ` +
      'Ya la había tomado, así que nada ha cambiado y sigue contando una sola vez.',
    notYou: 'Si no fue usted, no necesita hacer nada.',
  },
  unsubscribe: {
    footer: 'Recibe este correo porque esta dirección se usó para tomar una acción en Rally.',
    link: 'Darse de baja de los correos de Rally',
  },
};

export const MAIL_CATALOGUES: Record<string, MailCatalogue> = { en: EN, es: ES };

/** The catalogue for a language, falling back to English. */
export function catalogue(lang?: string | null): MailCatalogue {
  return (lang && MAIL_CATALOGUES[lang]) || EN;
}
