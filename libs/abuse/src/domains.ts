/**
 * Throwaway-mailbox services: a signature from one is kept but held until its email link is
 * confirmed. A short built-in list of the most used ones (a full list changes weekly and would
 * need a feed); subdomains match too.
 */
export const DISPOSABLE_DOMAINS = new Set([
  '10minutemail.com', '20minutemail.com', 'anonbox.net', 'burnermail.io', 'discard.email', 'dispostable.com',
  'dropmail.me', 'emailondeck.com', 'fakeinbox.com', 'getairmail.com', 'getnada.com', 'guerrillamail.biz',
  'guerrillamail.com', 'guerrillamail.de', 'guerrillamail.net', 'guerrillamail.org', 'guerrillamailblock.com',
  'harakirimail.com', 'inboxkitten.com', 'incognitomail.org', 'mail-temp.com', 'mailcatch.com', 'maildrop.cc',
  'mailinator.com', 'mailinator.net', 'mailnesia.com', 'mailpoof.com', 'mintemail.com', 'moakt.com', 'mohmal.com',
  'mytemp.email', 'nada.email', 'sharklasers.com', 'spam4.me', 'spamgourmet.com', 'temp-mail.io', 'temp-mail.org',
  'tempail.com', 'tempmail.dev', 'tempmail.net', 'tempmailo.com', 'tempr.email', 'throwawaymail.com',
  'trashmail.com', 'trashmail.de', 'trashmail.net', 'yopmail.com', 'yopmail.fr', 'yopmail.net',
]);

/**
 * Large mailbox providers: millions of unrelated people share them, so a per-domain limit on
 * them would throttle ordinary supporters. Their senders are still limited per IP and network.
 */
export const SHARED_PROVIDER_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net',
  'mail.com', 'zoho.com', 'fastmail.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net',
  'cox.net', 'charter.net', 'earthlink.net', 'duck.com', 'hey.com', 'tutanota.com', 'yandex.com',
]);

function matches(list: Set<string>, domain: string): boolean {
  for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) if (list.has(d)) return true;
  return false;
}

export const isDisposableDomain = (domain: string) => matches(DISPOSABLE_DOMAINS, domain);
export const isSharedProviderDomain = (domain: string) => matches(SHARED_PROVIDER_DOMAINS, domain);
