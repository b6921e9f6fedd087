// The open conversation: its messages, ticks, typing line and the composer.

import { byId, fill, h, shortTime } from './dom.js';
import { Attachments, VoiceRecorder, imageSize } from './attachments.js';
import { REACTIONS, buildPicker } from './emoji.js';
import { presenceText } from './sidebar.js';

const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

export class ConversationView {
  constructor(session, config) {
    this.session = session;
    this.attachments = new Attachments(config.attachmentsPath, () => session.token);
    this.rendered = new Map(); // key -> {message, element}
    this.context = null;       // {mode: 'reply' | 'edit', message}
    this.typingSentAt = 0;
    this.recorder = new VoiceRecorder();
    this.list = byId('messages');
    this.input = byId('message-input');
    this.wire();
  }

  wire() {
    const session = this.session;
    byId('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === 'Escape') {
        this.setContext(null);
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.typed();
    });
    this.input.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files || [])];
      if (files.length) {
        event.preventDefault();
        files.forEach((file) => this.sendFile(file));
      }
    });
    byId('file-input').addEventListener('change', (event) => {
      [...event.target.files].forEach((file) => this.sendFile(file));
      event.target.value = '';
    });
    byId('voice-button').addEventListener('click', () => this.toggleRecording());
    byId('context-cancel').addEventListener('click', () => this.setContext(null));
    const picker = byId('emoji-picker');
    buildPicker(picker, (emoji) => {
      const { selectionStart: start, selectionEnd: end, value } = this.input;
      this.input.value = value.slice(0, start) + emoji + value.slice(end);
      this.input.selectionStart = this.input.selectionEnd = start + emoji.length;
      picker.hidden = true;
      byId('emoji-button').setAttribute('aria-expanded', 'false');
      this.input.focus();
      this.typed();
    });
    byId('emoji-button').addEventListener('click', () => {
      picker.hidden = !picker.hidden;
      byId('emoji-button').setAttribute('aria-expanded', String(!picker.hidden));
    });
    picker.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        picker.hidden = true;
        byId('emoji-button').setAttribute('aria-expanded', 'false');
        byId('emoji-button').focus();
      }
    });
    byId('back').addEventListener('click', () => {
      session.openId = null;
      session.draftUserId = null;
      session.changed('open');
    });
    this.list.addEventListener('scroll', () => {
      const c = this.current();
      if (c && this.list.scrollTop < 80) this.loadOlder(c);
    });
  }

  current() {
    return this.session.conversations.get(this.session.openId);
  }

  changed(what) {
    if (['all', 'open', 'messages', 'older', 'ticks', 'typing', 'presence', 'members', 'friends'].includes(what)) this.render(what);
  }

  render(what) {
    const session = this.session;
    if (!session.me) return;
    const c = this.current();
    const drafting = !c && session.draftUserId;
    document.body.classList.toggle('conversation-open', Boolean(c || drafting));
    byId('empty-state').hidden = Boolean(c || drafting);
    byId('composer').hidden = !(c || drafting) || (c && c.type === 'notices');
    byId('members-button').hidden = !c || c.type !== 'group';
    byId('conversation-title').textContent = c ? session.titleOf(c) : drafting ? session.nameOf(session.draftUserId) : '';
    byId('conversation-subtitle').textContent = this.subtitle(c, drafting);
    if (what === 'open') {
      this.rendered.clear();
      this.list.replaceChildren();
      this.setContext(null);
      byId('composer-error').textContent = '';
    }
    this.renderMessages(c, what);
    this.renderTyping(c);
  }

  subtitle(c, drafting) {
    const session = this.session;
    if (drafting) return presenceText(session, session.draftUserId);
    if (!c) return '';
    if (c.type === 'group') return `${c.members.length} members`;
    const other = session.otherMember(c);
    return other ? presenceText(session, other.userId) : '';
  }

  renderMessages(c, what) {
    const session = this.session;
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 60;
    const fromBottom = this.list.scrollHeight - this.list.scrollTop;
    const wanted = [];
    if (c) for (const m of [...c.messages.values()].sort((a, b) => a.seq - b.seq)) wanted.push([`seq-${m.seq}`, m]);
    for (const [clientMsgId, entry] of session.outbox) {
      const here = c ? entry.conversationId === c.id : entry.toUserId === session.draftUserId && !session.openId;
      if (here) wanted.push([`pending-${clientMsgId}`, { pending: true, clientMsgId, ...entry.data, error: entry.error, createdAt: entry.createdAt, senderId: session.me.id }]);
    }
    const keys = new Set(wanted.map(([key]) => key));
    for (const [key, item] of this.rendered) {
      if (!keys.has(key)) {
        item.element.remove();
        this.rendered.delete(key);
      }
    }
    let previous = null;
    for (const [key, m] of wanted) {
      let item = this.rendered.get(key);
      if (!item || (!m.pending && item.message !== m) || (m.pending && item.message.error !== m.error)) {
        const element = this.messageElement(c, m);
        if (item) item.element.replaceWith(element);
        item = { message: m, element };
        this.rendered.set(key, item);
      }
      const expected = previous ? previous.nextSibling : this.list.firstChild;
      if (expected !== item.element) this.list.insertBefore(item.element, expected);
      previous = item.element;
    }
    this.updateTicks(c);
    if (what === 'older') this.list.scrollTop = this.list.scrollHeight - fromBottom;
    else if (nearBottom || what === 'open' || what === 'all') this.list.scrollTop = this.list.scrollHeight;
    if (c && what === 'open' && c.hasOlder && this.list.scrollHeight <= this.list.clientHeight) this.loadOlder(c);
  }

  async loadOlder(c) {
    const count = await this.session.loadOlder(c).catch(() => 0);
    if (count && c.hasOlder && this.list.scrollHeight <= this.list.clientHeight) this.loadOlder(c);
  }

  messageElement(c, m) {
    const session = this.session;
    const mine = m.senderId === session.me.id;
    const system = m.kind === 'system' || m.senderId === 0;
    const classes = ['message', mine ? 'mine' : 'theirs', system ? 'system' : '', m.pending ? 'pending' : '',
      m.deleted ? 'deleted' : ''].filter(Boolean).join(' ');
    const body = [];
    if (c && c.type === 'group' && !mine && !system) body.push(h('span', { class: 'sender', text: session.nameOf(m.senderId) }));
    if (m.replyTo) body.push(this.quote(c, m.replyTo));
    if (m.deleted) {
      body.push(h('p', { class: 'text tombstone', text: 'This message was deleted' }));
    } else {
      if (m.attachment && !m.pending) body.push(this.attachmentElement(m));
      if (m.pending && m.attachment) body.push(h('p', { class: 'uploading', text: 'Sending attachment…' }));
      if (m.text) body.push(h('p', { class: 'text', text: m.text }));
    }
    const meta = h('span', { class: 'meta' },
      m.editedAt && !m.deleted ? h('span', { class: 'edited', text: 'edited' }) : null,
      h('time', { datetime: m.createdAt, text: shortTime(m.createdAt) }),
      mine && !system ? h('span', { class: 'ticks', dataset: { state: m.pending ? 'pending' : 'sent' },
        'aria-label': m.pending ? 'sending' : 'sent', text: m.pending ? '🕓' : '✓' }) : null);
    body.push(meta);
    if (m.error) {
      body.push(h('p', { class: 'error', role: 'alert', text: `Not sent: ${m.error}` }),
        h('button', { type: 'button', class: 'small', text: 'Dismiss', on: { click: () => session.discard(m.clientMsgId) } }));
    }
    if (!m.pending && !m.deleted && m.reactions?.length) body.push(this.reactionsElement(m));
    const element = h('li', { class: classes, dataset: m.pending ? { pending: m.clientMsgId } : { seq: m.seq, id: m.id } },
      h('div', { class: 'bubble' }, body),
      !m.pending && !m.deleted && !system && c && c.type !== 'notices' ? this.actions(c, m, mine) : null);
    return element;
  }

  quote(c, seqOrId) {
    const original = c ? [...c.messages.values()].find((m) => m.id === seqOrId) : null;
    const text = !original ? 'an earlier message' : original.deleted ? 'a deleted message'
      : original.text || { image: '📷 Photo', voice: '🎤 Voice message', file: '📄 File' }[original.kind] || '';
    return h('blockquote', { class: 'reply-quote' },
      original ? h('span', { class: 'sender', text: this.session.nameOf(original.senderId) }) : null,
      h('span', { class: 'quoted', text }));
  }

  attachmentElement(m) {
    const a = m.attachment;
    if (m.kind === 'image') {
      const img = h('img', { class: 'thumbnail', alt: m.text ? `Image: ${m.text}` : 'Image',
        width: a.width || null, height: a.height || null });
      const button = h('button', { type: 'button', class: 'thumbnail-button', 'aria-label': 'Open the image at full size',
        on: { click: () => this.openImage(img.src, img.alt) } }, img);
      this.attachments.url(m).then((url) => { img.src = url; }).catch(() => { img.alt = 'The image could not be loaded'; });
      return button;
    }
    if (m.kind === 'voice') {
      const audio = h('audio', { controls: true, preload: 'metadata', 'aria-label': 'Voice message' });
      this.attachments.url(m).then((url) => { audio.src = url; }).catch(() => {});
      return h('div', { class: 'voice' }, audio,
        a.durationMs ? h('span', { class: 'duration', text: `${Math.round(a.durationMs / 1000)} s` }) : null);
    }
    const name = a.name || 'file';
    const link = h('a', { class: 'file-link', href: '#', download: name, text: `📄 ${name} (${formatSize(a.size)})` });
    link.addEventListener('click', async (event) => {
      if (link.getAttribute('href') !== '#') return;
      event.preventDefault();
      link.href = await this.attachments.url(m);
      link.click();
    });
    return link;
  }

  openImage(src, alt) {
    if (!src) return;
    const image = byId('lightbox-image');
    image.src = src;
    image.alt = alt;
    byId('lightbox').showModal();
  }

  reactionsElement(m) {
    const counts = new Map();
    for (const r of m.reactions) {
      const entry = counts.get(r.emoji) || { count: 0, mine: false, names: [] };
      entry.count += 1;
      entry.mine = entry.mine || r.userId === this.session.me.id;
      entry.names.push(this.session.nameOf(r.userId));
      counts.set(r.emoji, entry);
    }
    return h('div', { class: 'reactions' }, [...counts].map(([emoji, entry]) => h('button', {
      type: 'button', class: `reaction${entry.mine ? ' mine' : ''}`, 'aria-pressed': String(entry.mine),
      'aria-label': `${emoji} from ${entry.names.join(', ')}`, title: entry.names.join(', '),
      on: { click: () => this.session.toggleReaction(m, emoji).catch((e) => this.error(e)) },
    }, h('span', { class: 'emoji', text: emoji }), h('span', { class: 'count', text: String(entry.count) }))));
  }

  actions(c, m, mine) {
    const session = this.session;
    const role = session.myRole(c);
    const canDelete = mine || (c.type === 'group' && (role === 'owner' || role === 'admin'));
    const bar = h('div', { class: 'quick-reactions', hidden: true, role: 'group', 'aria-label': 'Reactions' },
      REACTIONS.map((emoji) => h('button', { type: 'button', class: 'emoji', text: emoji, 'aria-label': `React with ${emoji}`,
        on: { click: () => { bar.hidden = true; session.toggleReaction(m, emoji).catch((e) => this.error(e)); } } })));
    const button = (label, aria, handler) => h('button', { type: 'button', class: 'action', text: label, 'aria-label': aria,
      on: { click: handler } });
    return h('div', { class: 'actions' },
      button('↩', 'Reply', () => this.setContext({ mode: 'reply', message: m })),
      button('☺', 'React', () => { bar.hidden = !bar.hidden; if (!bar.hidden) bar.firstChild.focus(); }),
      mine && (m.kind === 'text' || m.kind === 'emoji' || m.text) ? button('✎', 'Edit', () => this.setContext({ mode: 'edit', message: m })) : null,
      canDelete ? this.deleteButton(m) : null,
      bar);
  }

  deleteButton(m) {
    let armed = null;
    const button = h('button', { type: 'button', class: 'action danger', text: '🗑', 'aria-label': 'Delete',
      on: { click: () => {
        if (!armed) {
          // A second press within a few seconds deletes; the first only asks.
          button.textContent = 'Delete?';
          button.setAttribute('aria-label', 'Press again to delete');
          armed = setTimeout(() => { armed = null; button.textContent = '🗑'; button.setAttribute('aria-label', 'Delete'); }, 4000);
          return;
        }
        clearTimeout(armed);
        this.session.remove(m).catch((e) => this.error(e));
      } } });
    return button;
  }

  updateTicks(c) {
    if (!c) return;
    const session = this.session;
    const others = c.members.filter((member) => member.userId !== session.me.id).map((member) => member.userId);
    const lowest = (field) => (others.length ? Math.min(...others.map((id) => c.cursors.get(id)?.[field] || 0)) : 0);
    const read = lowest('readSeq');
    const delivered = Math.max(lowest('deliveredSeq'), read);
    for (const [, item] of this.rendered) {
      const ticks = item.element.querySelector('.ticks');
      if (!ticks || item.message.pending) continue;
      const seq = item.message.seq;
      const state = seq <= read ? 'read' : seq <= delivered ? 'delivered' : 'sent';
      if (ticks.dataset.state === state) continue;
      ticks.dataset.state = state;
      ticks.textContent = state === 'sent' ? '✓' : '✓✓';
      ticks.setAttribute('aria-label', state);
    }
  }

  renderTyping(c) {
    const names = c ? [...c.typing.keys()].map((id) => this.session.nameOf(id)) : [];
    byId('typing').textContent = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…`
      : `${names.join(', ')} are typing…`;
  }

  setContext(context) {
    const wasEditing = this.context?.mode === 'edit';
    this.context = context;
    byId('composer-context').hidden = !context;
    if (!context) {
      if (wasEditing) this.input.value = '';
      return;
    }
    const m = context.message;
    byId('context-text').textContent = context.mode === 'edit' ? 'Editing your message'
      : `Replying to ${this.session.nameOf(m.senderId)}: ${(m.text || m.kind).slice(0, 80)}`;
    if (context.mode === 'edit') this.input.value = m.text || '';
    this.input.focus();
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
    this.input.style.overflowY = this.input.scrollHeight > 160 ? 'auto' : 'hidden';
  }

  typed() {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REPEAT_MS) {
      this.typingSentAt = now;
      this.session.typing(true);
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (this.typingSentAt) {
      this.typingSentAt = 0;
      this.session.typing(false);
    }
  }

  async submit() {
    const text = this.input.value;
    if (!text.trim()) return;
    const context = this.context;
    this.input.value = '';
    this.autosize();
    this.stopTyping();
    this.setContext(null);
    byId('composer-error').textContent = '';
    try {
      if (context?.mode === 'edit') await this.session.edit(context.message, text);
      else this.session.send({ text, ...(context?.mode === 'reply' ? { replyTo: context.message.id } : {}) });
    } catch (e) {
      this.error(e);
    }
  }

  async sendFile(file) {
    const kind = Attachments.kindOf(file);
    try {
      const attachment = await this.attachments.upload(file, kind, file.type);
      const reference = { id: attachment.id };
      if (kind === 'image') Object.assign(reference, await imageSize(file));
      else reference.name = file.name || 'file';
      this.session.send({ kind, attachment: reference });
    } catch (e) {
      this.error(e);
    }
  }

  async toggleRecording() {
    const button = byId('voice-button');
    try {
      if (!this.recorder.recording) {
        await this.recorder.start();
        button.setAttribute('aria-pressed', 'true');
        button.setAttribute('aria-label', 'Stop and send the voice message');
        button.textContent = '⏹';
        return;
      }
      const recording = await this.recorder.stop();
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-label', 'Record a voice message');
      button.textContent = '🎤';
      const attachment = await this.attachments.upload(recording.blob, 'voice', recording.type);
      this.session.send({ kind: 'voice', attachment: { id: attachment.id, durationMs: recording.durationMs } });
    } catch (e) {
      this.error(e);
    }
  }

  error(e) {
    byId('composer-error').textContent = e.message || String(e);
  }
}

function formatSize(bytes) {
  if (!bytes && bytes !== 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
