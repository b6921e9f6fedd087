// A group's members with their roles, and what the user's own role lets them do: invite friends,
// kick, change roles, rename, leave. Also the "New group" dialog.

import { byId, fill, h } from './dom.js';
import { presenceDot } from './sidebar.js';

const RANK = { owner: 3, admin: 2, member: 1 };

export class MembersPanel {
  constructor(session) {
    this.session = session;
    this.panel = byId('members-panel');
    byId('members-button').addEventListener('click', () => this.toggle());
    byId('new-group').addEventListener('click', () => this.openGroupDialog());
    byId('group-cancel').addEventListener('click', () => byId('group-dialog').close());
    byId('group-form').addEventListener('submit', (event) => this.createGroup(event));
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    byId('members-button').setAttribute('aria-expanded', String(open));
    this.render();
  }

  changed(what) {
    if (what === 'open' || what === 'all') {
      const c = this.session.conversations.get(this.session.openId);
      if (!c || c.type !== 'group') this.toggle(false);
    }
    if (['members', 'friends', 'presence', 'all', 'open'].includes(what)) this.render();
  }

  render() {
    const session = this.session;
    const c = session.conversations.get(session.openId);
    if (this.panel.hidden || !c || c.type !== 'group') return;
    const myRole = session.myRole(c);
    const mine = RANK[myRole] || 0;
    const error = h('p', { class: 'error', role: 'alert' });
    const act = (op, data) => session.groupAction(op, data).catch((e) => { error.textContent = e.message; });
    const members = [...c.members].sort((a, b) => (RANK[b.role] - RANK[a.role]) || session.nameOf(a.userId).localeCompare(session.nameOf(b.userId)));
    const rows = members.map((member) => {
      const name = session.nameOf(member.userId);
      const controls = [];
      if (member.userId !== session.me.id) {
        if (myRole === 'owner') {
          const select = h('select', { 'aria-label': `Role of ${name}`, on: { change: () => act('groups.role', { userId: member.userId, role: select.value }) } },
            ['member', 'admin', 'owner'].map((role) => h('option', { value: role, selected: role === member.role, text: role })));
          controls.push(select);
        }
        if (mine > (RANK[member.role] || 0) && mine >= RANK.admin) {
          controls.push(h('button', { type: 'button', class: 'small danger', text: 'Kick', 'aria-label': `Kick ${name}`,
            on: { click: () => act('groups.kick', { userId: member.userId }) } }));
        }
      }
      return h('li', { class: 'member', dataset: { userId: member.userId, role: member.role } },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: [...name][0]?.toUpperCase() || '?' }, presenceDot(session, member.userId)),
        h('span', { class: 'friend-name' }, h('span', { class: 'name', text: member.userId === session.me.id ? `${name} (you)` : name }),
          h('span', { class: `role role-${member.role}`, text: member.role + (member.muted ? ', muted' : '') })),
        controls);
    });
    const parts = [h('h2', { text: 'Members' }), h('ul', { class: 'member-list' }, rows)];
    if (mine >= RANK.admin) {
      const inGroup = new Set(c.members.map((m) => m.userId));
      const candidates = session.friends.filter((f) => f.relationship === 'friend' && !inGroup.has(f.user.id));
      if (candidates.length) {
        const select = h('select', { 'aria-label': 'Friend to add', name: 'userId' },
          candidates.map((f) => h('option', { value: f.user.id, text: f.user.displayName || f.user.username })));
        parts.push(h('form', { class: 'inline-form', on: { submit: (event) => { event.preventDefault(); act('groups.invite', { userId: Number(select.value) }); } } },
          select, h('button', { type: 'submit', text: 'Add' })));
      }
      const rename = h('input', { 'aria-label': 'Group name', value: c.name || '', maxlength: 100, required: true });
      parts.push(h('form', { class: 'inline-form', on: { submit: (event) => { event.preventDefault(); act('groups.rename', { name: rename.value.trim() }); } } },
        rename, h('button', { type: 'submit', text: 'Rename' })));
    }
    parts.push(error, h('button', { type: 'button', class: 'danger wide', text: 'Leave the group',
      on: { click: () => act('groups.leave', {}) } }));
    fill(this.panel, parts);
  }

  openGroupDialog() {
    const friends = this.session.friends.filter((f) => f.relationship === 'friend');
    fill(byId('group-candidates'), friends.length ? friends.map((f) => h('label', { class: 'candidate' },
      h('input', { type: 'checkbox', name: 'member', value: f.user.id }), ` ${f.user.displayName || f.user.username}`))
      : h('p', { text: 'Add friends first; you can also create a group on your own.' }));
    byId('group-error').textContent = '';
    byId('group-form').reset();
    byId('group-dialog').showModal();
  }

  async createGroup(event) {
    event.preventDefault();
    const form = event.target;
    const members = [...form.querySelectorAll('input[name=member]:checked')].map((input) => Number(input.value));
    try {
      await this.session.createGroup(form.elements.name.value.trim(), members);
      byId('group-dialog').close();
    } catch (e) {
      byId('group-error').textContent = e.message;
    }
  }
}
