import { parseConfig } from '@app/config';
import { smtpPoolOptions } from './smtp-transport';

describe('smtpPoolOptions', () => {
  it('defaults to the development sink with a pool and time-outs', () => {
    const o = smtpPoolOptions(parseConfig({ NODE_ENV: 'test', SMTP_POOL_SIZE: '7', SMTP_TIMEOUT_MS: '5000' }));
    expect(o).toMatchObject({ pool: true, host: '127.0.0.1', port: 1025, secure: false, maxConnections: 7, socketTimeout: 5000, greetingTimeout: 5000 });
  });

  it('reads implicit TLS and credentials from SMTP_URL', () => {
    const o = smtpPoolOptions(parseConfig({ NODE_ENV: 'test', SMTP_URL: 'smtps://user%40x:p%3Ass@mail.example.org' }));
    expect(o).toMatchObject({ host: 'mail.example.org', port: 465, secure: true, auth: { user: 'user@x', pass: 'p:ss' } });
  });
});
