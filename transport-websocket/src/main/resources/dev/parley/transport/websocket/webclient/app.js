// The web client's entry point: reads config.json, connects, and wires the views to the session.

import { byId, fill, h } from './dom.js';
import { Session } from './session.js';
import { Sidebar } from './sidebar.js';
import { ConversationView } from './conversation-view.js';
import { MembersPanel } from './members-panel.js';

const BACK_ONLINE_SHOWN_MS = 3000;

async function main() {
  const config = await (await fetch('config.json', { cache: 'no-cache' })).json();
  const session = new Session(config);
  const sidebar = new Sidebar(session);
  const conversation = new ConversationView(session, config);
  const members = new MembersPanel(session);
  let statusTimer;

  showDemoAccounts(config, session);
  loginForms(session);

  session.onChange((what, detail) => {
    if (what === 'login') show('login');
    if (what === 'ready') show('app');
    if (what === 'closed') location.reload();
    if (what === 'status') {
      const status = byId('status');
      clearTimeout(statusTimer);
      if (detail === 'reconnecting') {
        status.textContent = 'reconnecting…';
        status.className = 'status offline';
        status.hidden = false;
      } else if (detail === 'back') {
        status.textContent = 'back online';
        status.className = 'status online';
        status.hidden = false;
        statusTimer = setTimeout(() => { status.hidden = true; }, BACK_ONLINE_SHOWN_MS);
      }
    }
    sidebar.changed(what);
    conversation.changed(what, detail);
    members.changed(what);
  });

  byId('logout').addEventListener('click', async () => {
    await session.logout();
    location.reload();
  });
  document.addEventListener('visibilitychange', () => {
    session.markRead(session.conversations.get(session.openId));
  });
  session.start();
}

function show(view) {
  byId('login-view').hidden = view !== 'login';
  byId('app-view').hidden = view !== 'app';
  if (view === 'login') byId('login-form').elements.username.focus();
}

function showDemoAccounts(config, session) {
  if (!config.demo) return;
  byId('demo-accounts').hidden = false;
  byId('demo-password').textContent = config.demo.password;
  fill(byId('demo-buttons'), config.demo.users.map((username) => h('button', {
    type: 'button', class: 'demo-account', text: `Log in as ${username}`, dataset: { username },
    on: { click: () => attempt(() => session.login(username, config.demo.password)) },
  })));
}

function loginForms(session) {
  byId('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target.elements;
    attempt(() => session.login(form.username.value.trim(), form.password.value));
  });
  byId('register-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target.elements;
    attempt(() => session.register(form.username.value.trim(), form.displayName.value.trim(), form.password.value));
  });
}

async function attempt(action) {
  const error = byId('login-error');
  error.textContent = '';
  try {
    await action();
  } catch (e) {
    error.textContent = e.code === 'disconnected' ? 'Cannot reach the server; trying again…' : e.message;
  }
}

main().catch((error) => {
  console.error(error);
  document.body.replaceChildren(h('p', { class: 'error', text: `The chat could not start: ${error.message}` }));
});
