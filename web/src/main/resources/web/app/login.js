// The sign-in page (login.html): posts the form to Quarkus' form login without leaving the page,
// says why the visitor is here (wrong password, signed out), and returns to the page they asked
// for. Concord's pages live in one bundle; this part only acts where the login form exists.
const form = document.getElementById('login-form');
if (form) {
  const params = new URLSearchParams(location.search);
  const message = document.getElementById('login-message');
  const say = (text, kind) => {
    message.textContent = text;
    message.className = `note ${kind}`;
    message.hidden = false;
  };
  // only a page of this application, never another site
  const next = (params.get('next') ?? '').startsWith('#/') ? params.get('next') : '';

  if (params.has('error')) {
    say('Wrong user name or password. Try again.', 'bad');
  } else if (params.has('loggedOut')) {
    say('You are signed out.', 'ok');
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = document.getElementById('login-submit');
    button.disabled = true;
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      // success is a redirect to the landing page, with the session cookie set
      if (res.type === 'opaqueredirect' || res.ok) {
        location.assign(`/${next}`);
        return;
      }
      if (res.status === 429) {
        const wait = res.headers.get('Retry-After');
        say(`Too many failed sign-ins. Try again in ${wait || 'a few'} seconds.`, 'bad');
      } else {
        say(res.status === 401 || res.status === 403
          ? 'Wrong user name or password. Try again.'
          : `Sign-in failed (${res.status}). Try again in a moment.`, 'bad');
      }
      document.getElementById('password').select();
    } catch {
      say('The server could not be reached.', 'bad');
    } finally {
      button.disabled = false;
    }
  });
}
