// The side of the page: the conversation list, the friends panel and the notices.

import { byId, fill, h, shortTime } from './dom.js';

export class Sidebar {
  constructor(session) {
    this.session = session;
    this.tab = 'chats';
    for (const tab of ['chats', 'friends', 'notices']) {
      byId(`tab-${tab}`).addEventListener('click', () => this.select(tab));
    }
    document.querySelector('.tabs').addEventListener('keydown', (event) => {
      const order = ['chats', 'friends', 'notices'];
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = order[(order.indexOf(this.tab) + step + order.length) % order.length];
      this.select(next);
      byId(`tab-${next}`).focus();
    });
    byId('add-friend').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = byId('friend-username');
      byId('friend-error').textContent = '';
      try {
        await session.requestFriend(input.value.trim().toLowerCase());
        input.value = '';
      } catch (error) {
        byId('friend-error').textContent = error.code === 'not_found' ? `No user called ${input.value.trim()}` : error.message;
      }
    });
  }

  select(tab) {
    this.tab = tab;
    for (const name of ['chats', 'friends', 'notices']) {
      byId(`tab-${name}`).setAttribute('aria-selected', String(name === tab));
      byId(`panel-${name}`).hidden = name !== tab;
    }
    this.session.noticesShown = tab === 'notices';
    const notices = this.notices();
    if (tab === 'notices' && notices) this.session.readNotices(notices).catch(() => {});
    this.render();
  }

  notices() {
    return [...this.session.conversations.values()].find((c) => c.type === 'notices');
  }

  changed(what) {
    if (['all', 'list', 'friends', 'presence', 'typing', 'open', 'ready', 'messages'].includes(what)) this.render();
  }

  render() {
    if (!this.session.me) return;
    const me = this.session.me;
    byId('me-name').textContent = me.displayName || me.username;
    byId('me-avatar').textContent = initial(me.displayName || me.username);
    this.renderConversations();
    this.renderFriends();
    this.renderNotices();
  }

  renderConversations() {
    const session = this.session;
    const chats = [...session.conversations.values()].filter((c) => c.type !== 'notices')
      .sort((a, b) => activity(b).localeCompare(activity(a)) || b.id - a.id);
    fill(byId('conversation-list'), chats.map((c) => {
      const title = session.titleOf(c);
      const other = session.otherMember(c);
      const typing = c.typing.size > 0;
      const preview = typing ? 'typing…' : previewOf(session, c);
      const label = `${title}${c.unread ? `, ${c.unread} unread` : ''}`;
      return h('li', {},
        h('button', {
          type: 'button', class: `conversation-item${session.openId === c.id ? ' active' : ''}`,
          'aria-current': session.openId === c.id ? 'true' : false, 'aria-label': label,
          dataset: { id: c.id, type: c.type }, on: { click: () => session.open(c.id) },
        },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: c.type === 'group' ? '#' : initial(title) },
          other ? presenceDot(session, other.userId) : null),
        h('span', { class: 'item-main' },
          h('span', { class: 'item-top' },
            h('span', { class: 'name', text: title }),
            h('span', { class: 'time', text: shortTime(c.last?.createdAt || c.createdAt) })),
          h('span', { class: 'item-bottom' },
            h('span', { class: `preview${typing ? ' is-typing' : ''}`, text: preview }),
            c.unread ? h('span', { class: 'badge', text: String(c.unread) }) : null))));
    }));
    if (!chats.length) byId('conversation-list').append(h('li', { class: 'empty', text: 'No conversations yet.' }));
  }

  renderFriends() {
    const session = this.session;
    const by = (relationship) => session.friends.filter((f) => f.relationship === relationship);
    const received = by('request_received');
    const badge = byId('friends-badge');
    const waiting = received.length + session.invitations.length;
    badge.hidden = waiting === 0;
    badge.textContent = String(waiting);
    const action = (label, handler, extra = {}) => h('button', {
      type: 'button', class: extra.class || 'small', text: label, 'aria-label': extra.aria || label,
      on: { click: () => handler().catch((e) => { byId('friend-error').textContent = e.message; }) },
    });
    const name = (user) => h('span', { class: 'friend-name' },
      h('span', { class: 'name', text: user.displayName || user.username }),
      h('span', { class: 'username', text: `@${user.username}` }));
    const sections = [];
    if (received.length) {
      sections.push(section('Friend requests', 'requests', received.map((f) => h('li', { class: 'friend', dataset: { username: f.user.username } },
        name(f.user), actions(
          action('Accept', () => session.friendAction('friends.accept', f.user.id), { aria: `Accept ${f.user.username}`, class: 'small primary' }),
          action('Decline', () => session.friendAction('friends.decline', f.user.id), { aria: `Decline ${f.user.username}` }))))));
    }
    if (session.invitations.length) {
      sections.push(section('Group invitations', 'invitations', session.invitations.map((i) => h('li', { class: 'friend' },
        h('span', { class: 'friend-name' }, h('span', { class: 'name', text: i.name || 'A group' }),
          h('span', { class: 'username', text: `from ${i.inviter.displayName || i.inviter.username}` })),
        actions(action('Join', () => session.answerInvitation(i.conversationId, true), { class: 'small primary' }),
          action('Decline', () => session.answerInvitation(i.conversationId, false)))))));
    }
    const friends = by('friend').sort((a, b) => Number(isOnline(session, b.user.id)) - Number(isOnline(session, a.user.id))
      || (a.user.displayName || '').localeCompare(b.user.displayName || ''));
    sections.push(section('Friends', 'friends', friends.map((f) => h('li', { class: 'friend', dataset: { username: f.user.username } },
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: initial(f.user.displayName || f.user.username) },
        presenceDot(session, f.user.id)),
      h('span', { class: 'friend-name' },
        h('span', { class: 'name', text: f.user.displayName || f.user.username }),
        h('span', { class: 'presence-text', text: presenceText(session, f.user.id) })),
      actions(
        action('Message', async () => { await session.openDirect(f.user.id); }, { aria: `Message ${f.user.username}`, class: 'small primary' }),
        action('Remove', () => session.friendAction('friends.remove', f.user.id), { aria: `Remove ${f.user.username}` }),
        action('Block', () => session.friendAction('friends.block', f.user.id), { aria: `Block ${f.user.username}`, class: 'small danger' })))),
    'No friends yet: add one by username above.'));
    const sent = by('request_sent');
    if (sent.length) {
      sections.push(section('Requests sent', 'sent', sent.map((f) => h('li', { class: 'friend', dataset: { username: f.user.username } },
        name(f.user), actions(action('Cancel', () => session.friendAction('friends.remove', f.user.id), { aria: `Cancel the request to ${f.user.username}` }))))));
    }
    const blocked = by('blocked');
    if (blocked.length) {
      sections.push(section('Blocked', 'blocked', blocked.map((f) => h('li', { class: 'friend', dataset: { username: f.user.username } },
        name(f.user), actions(action('Unblock', () => session.friendAction('friends.unblock', f.user.id), { aria: `Unblock ${f.user.username}` }))))));
    }
    fill(byId('friend-sections'), sections);
  }

  renderNotices() {
    const notices = this.notices();
    const badge = byId('notices-badge');
    badge.hidden = !notices || !notices.unread;
    badge.textContent = notices ? String(notices.unread) : '';
    const list = byId('notice-list');
    if (!notices || !notices.loaded) {
      fill(list, h('li', { class: 'empty', text: notices ? 'Loading…' : 'No notices.' }));
      return;
    }
    const messages = [...notices.messages.values()].sort((a, b) => b.seq - a.seq);
    fill(list, messages.map((m) => h('li', { class: 'notice' },
      h('p', { class: 'text', text: m.deleted ? 'Notice withdrawn' : m.text || '' }),
      h('time', { datetime: m.createdAt, text: shortTime(m.createdAt) }))));
  }
}

function actions(...buttons) {
  return h('span', { class: 'friend-actions' }, buttons);
}

function section(title, name, items, empty) {
  return h('section', { class: 'friend-section', dataset: { section: name } },
    h('h3', { text: title }),
    h('ul', { class: 'friend-list' }, items.length ? items : h('li', { class: 'empty', text: empty || 'None.' })));
}

function activity(c) {
  return c.last?.createdAt || c.createdAt || '';
}

function previewOf(session, c) {
  const m = c.last;
  if (!m) return c.type === 'group' ? 'No messages yet' : 'Say hello';
  const who = m.senderId === session.me.id ? 'You: ' : c.type === 'group' ? `${session.nameOf(m.senderId)}: ` : '';
  if (m.deleted) return `${who}message deleted`;
  const body = { image: '📷 Photo', voice: '🎤 Voice message', file: `📄 ${m.attachment?.name || 'File'}` }[m.kind];
  return who + (m.text && m.kind === 'text' ? m.text : m.text ? `${body} ${m.text}` : body || '');
}

export function initial(name) {
  return [...(name || '?').trim()][0]?.toUpperCase() || '?';
}

function isOnline(session, userId) {
  return Boolean(session.presence.get(userId)?.online);
}

export function presenceDot(session, userId) {
  const online = isOnline(session, userId);
  return h('span', { class: `presence ${online ? 'online' : 'offline'}`, role: 'img',
    'aria-label': online ? 'online' : 'offline' });
}

export function presenceText(session, userId) {
  const presence = session.presence.get(userId);
  if (presence?.online) return 'online';
  return presence?.lastSeen ? `last seen ${shortTime(presence.lastSeen)}` : 'offline';
}
