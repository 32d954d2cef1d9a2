// The sign-in page (login.html): says why the visitor is here (wrong password, signed out).
// Concord's pages live in one bundle; this part only acts where the login form exists.
const form = document.getElementById('login-form');
if (form) {
  const params = new URLSearchParams(location.search);
  const message = document.getElementById('login-message');
  const say = (text, kind) => {
    message.textContent = text;
    message.className = `note ${kind}`;
    message.hidden = false;
  };
  if (params.has('error')) {
    say('Wrong user name or password. Try again.', 'bad');
  } else if (params.has('loggedOut')) {
    say('You are signed out.', 'ok');
  }
}
