import { isDisposableDomain, isSharedProviderDomain } from './domains';

describe('domain lists', () => {
  it('knows throwaway mailboxes, subdomains included', () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true);
    expect(isDisposableDomain('eu.mailinator.com')).toBe(true);
    expect(isDisposableDomain('notmailinator.com')).toBe(false);
    expect(isDisposableDomain('example.org')).toBe(false);
  });

  it('knows the shared providers exempt from per-domain limits', () => {
    expect(isSharedProviderDomain('gmail.com')).toBe(true);
    expect(isSharedProviderDomain('example.org')).toBe(false);
  });
});
