import { describe, expect, it } from '@jest/globals';
import { errorPage, loginPage } from './login-page';

describe('login page', () => {
  it('escapes everything it echoes, so a crafted email or client cannot inject markup', () => {
    const html = loginPage({
      action: '/interaction/abc/login',
      clientName: '<img src=x onerror=alert(1)>',
      email: '"><script>alert(1)</script>',
      error: 'Incorrect email or password.',
    });

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('<p class="error" role="alert">Incorrect email or password.</p>');
  });

  it('never pre-fills the password', () => {
    const html = loginPage({ action: '/interaction/abc/login', clientName: 'weace-web' });
    expect(html).toMatch(/<input id="password" name="password" type="password"[^>]*required>/);
  });

  it('escapes error pages too', () => {
    expect(errorPage('Oops', '<b>bold</b>')).toContain('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });
});
