import { PermanentDeliveryError, TransientDeliveryError } from './errors';
import { classifySmtpError } from './email.channel';

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 try later' }, TransientDeliveryError],
    [{ code: 'EMESSAGE', responseCode: 421, response: '421 closing' }, TransientDeliveryError],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, TransientDeliveryError],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, TransientDeliveryError],
    [{ code: 'ESOCKET', message: 'socket hang up' }, TransientDeliveryError],
    [{ code: 'EAUTH', responseCode: 535, response: '535 bad credentials' }, TransientDeliveryError],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }, PermanentDeliveryError],
    [{ code: 'EMESSAGE', responseCode: 552, response: '552 too big' }, PermanentDeliveryError],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, PermanentDeliveryError],
    [new Error('something unexpected'), TransientDeliveryError],
  ])('%o is %p', (err, kind) => {
    expect(classifySmtpError(err)).toBeInstanceOf(kind);
  });

  it('keeps the server reason', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 Mailbox does not exist' }).message).toContain('Mailbox does not exist');
  });
});
