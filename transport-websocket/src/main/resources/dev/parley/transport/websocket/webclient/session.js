// The client's model of the server: the user, friends, conversations and their messages, kept in step
// with the server through requests, events and sync. It knows nothing of the DOM; views subscribe with
// `onChange(listener)` and get a word saying what changed.

import { Connection, ProtocolError } from './connection.js';

const TOKEN_KEY = 'parley.token';
const PAGE = 50;
const TYPING_SHOWN_MS = 6000;

export class Session {
  constructor(config) {
    this.config = config;
    this.listeners = [];
    this.reset();
    const url = new URL(config.chatPath, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.connection = new Connection(url.href, {
      onOpen: () => this.opened(),
      onEvent: (name, data) => this.event(name, data),
      onStatus: (status) => this.status(status),
    });
  }

  reset() {
    this.me = null;
    this.limits = {};
    this.users = new Map();        // id -> user, as far as the client has seen them
    this.friends = [];             // friends.list entries
    this.presence = new Map();     // userId -> {online, lastSeen}
    this.invitations = [];
    this.conversations = new Map(); // id -> conversation (see `adopt`)
    this.outbox = new Map();       // clientMsgId -> {conversationId, toUserId, data, error}
    this.openId = null;
    this.draftUserId = null;       // a friend to write to before a direct conversation exists
    this.wasOnline = false;
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  changed(what, detail) {
    for (const listener of this.listeners) listener(what, detail);
  }

  get token() {
    return localStorage.getItem(TOKEN_KEY);
  }

  start() {
    this.connection.connect();
  }

  request(op, data) {
    return this.connection.request(op, data);
  }

  // --- connecting and logging in ---------------------------------------------------------------------

  async opened() {
    const hello = await this.request('hello', { versions: [1] });
    this.limits = hello.limits || {};
    const token = this.token;
    if (!token) {
      this.changed('login');
      return;
    }
    try {
      const login = await this.request('login', { scheme: 'token', token });
      await this.loggedIn(login);
    } catch (error) {
      if (error.code === 'unauthorized') {
        localStorage.removeItem(TOKEN_KEY);
        this.reset();
        this.changed('login');
        return;
      }
      throw error;
    }
  }

  status(status) {
    if (status === 'online' && this.me) {
      this.changed('status', this.wasOnline ? 'back' : 'online');
      this.wasOnline = true;
    } else if (status === 'offline') {
      // Also when the very first connection fails: the page says it keeps trying.
      this.changed('status', 'reconnecting');
    }
  }

  async login(username, password) {
    const login = await this.request('login', { scheme: 'password', username, password });
    await this.loggedIn(login);
  }

  async register(username, displayName, password) {
    const login = await this.request('register', { username, displayName, password });
    await this.loggedIn(login);
  }

  async loggedIn(login) {
    localStorage.setItem(TOKEN_KEY, login.token);
    const first = !this.me;
    this.me = login.user;
    this.wasOnline = true;
    this.users.set(login.user.id, login.user);
    await this.resync();
    if (first) this.changed('ready');
    this.changed('all');
  }

  async logout() {
    try {
      await this.request('logout');
    } catch (error) {
      // Logged out locally whatever the server says; the token is forgotten.
      console.warn('logout', error);
    }
    localStorage.removeItem(TOKEN_KEY);
    this.connection.stop();
  }

  // --- catching up -------------------------------------------------------------------------------

  /**
   * Brings everything up to date after a login or a reconnect: friends, invitations, conversations,
   * the messages missed in every conversation whose messages are loaded (and the latest message of
   * the others, for the list), the latest page of the open conversation, then sends what waited.
   */
  async resync() {
    await Promise.all([this.loadFriends(), this.loadInvitations()]);
    const listed = await this.request('conversations.list');
    const present = new Set();
    for (const c of listed.conversations) {
      present.add(c.id);
      this.adopt(c);
    }
    for (const id of [...this.conversations.keys()]) {
      if (!present.has(id)) this.conversations.delete(id);
    }
    await this.learnNames(listed.conversations);
    await this.syncMessages();
    const open = this.conversations.get(this.openId);
    if (open && open.loaded) {
      await this.reloadLatest(open);
      await this.loadCursors(open);
      this.markRead(open);
    }
    await this.flushOutbox();
    this.changed('all');
  }

  async syncMessages() {
    const since = {};
    for (const c of this.conversations.values()) {
      since[c.id] = c.loaded ? c.high : Math.max(0, c.lastSeq - 1);
    }
    for (;;) {
      const result = await this.request('sync', { since, limit: this.limits.maxPageSize || 100 });
      let more = false;
      for (const page of result.conversations) {
        const c = this.conversations.get(page.conversationId);
        if (!c) continue;
        for (const m of page.messages) this.store(c, m, false);
        if (page.hasMore && page.messages.length) {
          since[c.id] = page.messages[page.messages.length - 1].seq;
          more = more || c.loaded;
        } else {
          delete since[c.id];
        }
      }
      // Conversations that are not loaded only need their latest message: stop once the loaded ones are done.
      for (const id of Object.keys(since)) if (!this.conversations.get(Number(id))?.loaded) delete since[id];
      if (!more || !Object.keys(since).length) break;
    }
    this.acknowledgeDelivery();
  }

  /** Adds or updates a conversation from a conversations.list or conversations.get entry. */
  adopt(entry) {
    let c = this.conversations.get(entry.id);
    if (!c) {
      c = { messages: new Map(), loaded: false, high: 0, low: 0, hasOlder: true, cursors: new Map(),
        typing: new Map(), last: null };
      this.conversations.set(entry.id, c);
    }
    Object.assign(c, {
      id: entry.id, type: entry.type, name: entry.name, createdAt: entry.createdAt,
      members: entry.members || c.members || [], lastSeq: Math.max(entry.lastSeq || 0, c.lastSeq || 0),
      unread: entry.unread ?? c.unread ?? 0, readSeq: entry.readSeq ?? c.readSeq ?? 0,
    });
    // The server's unread count covers every message up to its lastSeq; live messages after that add to it.
    if (entry.unread !== undefined) c.counted = Math.max(c.counted || 0, entry.lastSeq || 0);
    return c;
  }

  async fetchConversation(id) {
    try {
      const got = await this.request('conversations.get', { conversationId: id });
      const c = this.adopt(got.conversation);
      await this.learnNames([got.conversation]);
      return c;
    } catch (error) {
      if (error.code === 'not_found') {
        this.conversations.delete(id);
        if (this.openId === id) this.openId = null;
        this.changed('all');
        return null;
      }
      throw error;
    }
  }

  /**
   * Keeps a message. Returns false when it would leave a gap after the loaded messages, in which case
   * the caller syncs instead. A message already kept is replaced, never doubled.
   */
  store(c, m, live) {
    if (c.last === null || m.seq >= c.last.seq) c.last = m;
    c.lastSeq = Math.max(c.lastSeq, m.seq);
    if (!c.loaded) return true;
    if (m.seq > c.high + 1 && live) return false;
    const known = c.messages.has(m.seq);
    c.messages.set(m.seq, m);
    c.high = Math.max(c.high, m.seq);
    if (!c.low || m.seq < c.low) c.low = m.seq;
    if (!known && m.clientMsgId) this.outbox.delete(m.clientMsgId);
    return true;
  }

  // --- conversations and messages -------------------------------------------------------------------

  /** Opens a conversation: loads its latest page and cursors the first time, and marks it read. */
  async open(id) {
    this.openId = id;
    this.draftUserId = null;
    const c = this.conversations.get(id);
    this.changed('open');
    if (!c) return;
    if (!c.loaded) {
      c.loaded = true;
      c.messages.clear();
      c.high = 0;
      c.low = 0;
      await this.reloadLatest(c);
      await this.loadCursors(c);
    }
    this.markRead(c);
    this.changed('open');
  }

  /** Loads the notices conversation, shown apart from the chats, and marks it read. */
  async readNotices(c) {
    if (!c.loaded) {
      c.loaded = true;
      await this.reloadLatest(c);
    }
    if (c.high && (c.unread || c.readSeq < c.high)) {
      c.unread = 0;
      c.readSeq = c.high;
      await this.request('receipts.read', { conversationId: c.id, seq: c.high });
    }
    this.changed('list');
  }

  /** Starts writing to a friend: their direct conversation, or a draft until the first message creates it. */
  openDirect(userId) {
    const existing = [...this.conversations.values()].find((c) => c.type === 'direct'
      && c.members.some((m) => m.userId === userId));
    if (existing) return this.open(existing.id);
    this.openId = null;
    this.draftUserId = userId;
    this.changed('open');
    return Promise.resolve();
  }

  async reloadLatest(c) {
    const page = await this.request('history', { conversationId: c.id, limit: PAGE });
    for (const m of page.messages) {
      c.messages.set(m.seq, m);
      c.high = Math.max(c.high, m.seq);
      if (!c.low || m.seq < c.low) c.low = m.seq;
      if (c.last === null || m.seq >= c.last.seq) c.last = m;
    }
    c.hasOlder = page.messages.length === PAGE && c.low > 1;
  }

  /** Loads the page before the oldest loaded message; resolves with how many came. */
  async loadOlder(c) {
    if (!c.hasOlder || c.loadingOlder || !c.low) return 0;
    c.loadingOlder = true;
    try {
      const page = await this.request('history', { conversationId: c.id, beforeSeq: c.low, limit: PAGE });
      for (const m of page.messages) {
        c.messages.set(m.seq, m);
        if (m.seq < c.low) c.low = m.seq;
      }
      c.hasOlder = page.messages.length === PAGE && c.low > 1;
      this.changed('older', c.id);
      return page.messages.length;
    } finally {
      c.loadingOlder = false;
    }
  }

  async loadCursors(c) {
    const result = await this.request('receipts.list', { conversationId: c.id });
    for (const cursor of result.cursors) c.cursors.set(cursor.userId, cursor);
  }

  markRead(c) {
    if (!c || this.openId !== c.id || document.visibilityState !== 'visible' || !c.high) return;
    const mine = c.cursors.get(this.me.id);
    if (c.unread === 0 && mine && mine.readSeq >= c.high) return;
    c.unread = 0;
    c.readSeq = c.high;
    this.request('receipts.read', { conversationId: c.id, seq: c.high }).catch(() => {});
    this.changed('list');
  }

  /** Tells the server that this device has received the latest message of each conversation. */
  acknowledgeDelivery() {
    for (const c of this.conversations.values()) {
      if (!c.last || c.last.senderId === this.me.id) continue;
      const mine = c.cursors.get(this.me.id);
      if (mine && mine.deliveredSeq >= c.last.seq) continue;
      c.cursors.set(this.me.id, { ...(mine || { readSeq: 0 }), userId: this.me.id, deliveredSeq: c.last.seq });
      this.request('receipts.delivered', { conversationId: c.id, seq: c.last.seq }).catch(() => {});
    }
  }

  /**
   * Sends a message. It waits in the outbox, shown as pending, until the server has stored it; a send
   * cut off by a dropped connection is sent again with the same clientMsgId after reconnecting, so it
   * is stored once.
   */
  send(fields) {
    const clientMsgId = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const target = this.openId ? { conversationId: this.openId } : { toUserId: this.draftUserId };
    const entry = { ...target, data: { ...target, ...fields, clientMsgId }, error: null, createdAt: new Date().toISOString() };
    this.outbox.set(clientMsgId, entry);
    this.changed('messages');
    return this.deliver(clientMsgId, entry);
  }

  async deliver(clientMsgId, entry) {
    try {
      const result = await this.request('send', entry.data);
      const m = result.message;
      let c = this.conversations.get(m.conversationId);
      if (!c) {
        c = await this.fetchConversation(m.conversationId);
        if (c && !this.openId && this.draftUserId === entry.toUserId) {
          this.outbox.delete(clientMsgId);
          await this.open(c.id);
        }
      }
      if (c) this.store(c, m, false);
      this.outbox.delete(clientMsgId);
      this.changed('messages');
      this.changed('list');
    } catch (error) {
      if (error.code !== 'disconnected') {
        entry.error = error.message;
        this.changed('messages');
      }
    }
  }

  async flushOutbox() {
    for (const [clientMsgId, entry] of [...this.outbox]) {
      if (!entry.error) await this.deliver(clientMsgId, entry);
    }
  }

  discard(clientMsgId) {
    this.outbox.delete(clientMsgId);
    this.changed('messages');
  }

  async edit(message, text) {
    const result = await this.request('edit', { messageId: message.id, text });
    this.updated(result.message);
  }

  async remove(message) {
    const result = await this.request('delete', { messageId: message.id });
    this.updated(result.message);
  }

  async toggleReaction(message, emoji) {
    const mine = (message.reactions || []).some((r) => r.userId === this.me.id && r.emoji === emoji);
    const result = await this.request(mine ? 'unreact' : 'react', { messageId: message.id, emoji });
    this.updated(result.message);
  }

  updated(m) {
    const c = this.conversations.get(m.conversationId);
    if (!c) return;
    if (c.messages.has(m.seq)) c.messages.set(m.seq, m);
    if (c.last && c.last.seq === m.seq) c.last = m;
    this.changed('messages');
    this.changed('list');
  }

  typing(typing) {
    if (!this.openId) return;
    this.request('typing', { conversationId: this.openId, typing }).catch(() => {});
  }

  // --- friends, groups and invitations --------------------------------------------------------------

  async loadFriends() {
    const result = await this.request('friends.list');
    this.friends = result.friends;
    for (const f of result.friends) {
      this.users.set(f.user.id, f.user);
      if (f.presence) this.presence.set(f.user.id, f.presence);
    }
    this.changed('friends');
  }

  async loadInvitations() {
    const result = await this.request('invitations.list');
    this.invitations = result.invitations;
    for (const i of result.invitations) if (!this.users.has(i.inviter.id)) this.users.set(i.inviter.id, i.inviter);
    this.changed('friends');
  }

  async friendAction(op, userId) {
    await this.request(op, { userId });
    await this.loadFriends();
  }

  async requestFriend(username) {
    await this.request('friends.request', { username });
    await this.loadFriends();
  }

  async answerInvitation(conversationId, accept) {
    await this.request(accept ? 'invitations.accept' : 'invitations.decline', { conversationId });
    await this.loadInvitations();
    if (accept) {
      const c = await this.fetchConversation(conversationId);
      const latest = c && await this.latest(c);
      if (latest) this.store(c, latest, false);
      this.changed('list');
    }
  }

  async latest(c) {
    const page = await this.request('history', { conversationId: c.id, limit: 1 });
    return page.messages[0];
  }

  async createGroup(name, memberIds) {
    const result = await this.request('groups.create', { name, members: memberIds });
    await this.fetchConversation(result.conversation.id);
    await this.open(result.conversation.id);
    return result;
  }

  async groupAction(op, data) {
    const result = await this.request(op, { conversationId: this.openId, ...data });
    if (op === 'groups.leave') {
      this.conversations.delete(this.openId);
      this.openId = null;
      this.changed('all');
    } else {
      await this.fetchConversation(this.openId);
      this.changed('members');
    }
    return result;
  }

  // --- events ---------------------------------------------------------------------------------------

  event(name, data) {
    if (!this.me) return;
    switch (name) {
      case 'message': return this.liveMessage(data.message);
      case 'message.updated': return this.updated(data.message);
      case 'receipt': return this.receipt(data.cursor);
      case 'typing': return this.typingEvent(data);
      case 'presence':
        this.presence.set(data.userId, { online: data.online, lastSeen: data.lastSeen });
        this.changed('friends');
        this.changed('presence');
        return undefined;
      case 'friend': return this.loadFriends().catch(() => {});
      case 'invitation': return this.loadInvitations().catch(() => {});
      case 'conversation':
      case 'member':
        return this.membershipEvent(data).catch(() => {});
      case 'closing':
        if (data.reason === 'logged_out' || data.reason === 'account_disabled' || data.reason === 'account_deleted') {
          localStorage.removeItem(TOKEN_KEY);
          this.connection.stop();
          this.changed('closed', data.reason);
        }
        return undefined;
      default:
        return undefined;
    }
  }

  async liveMessage(m) {
    let c = this.conversations.get(m.conversationId);
    if (!c) {
      c = await this.fetchConversation(m.conversationId);
      if (!c) return;
    }
    c.typing.delete(m.senderId);
    if (!this.store(c, m, true)) {
      await this.syncMessages();
    }
    if (m.senderId !== this.me.id) {
      const counted = m.seq <= (c.counted || 0);
      c.counted = Math.max(c.counted || 0, m.seq);
      if (this.openId === c.id && document.visibilityState === 'visible') this.markRead(c);
      else if (c.type === 'notices' && this.noticesShown && document.visibilityState === 'visible') this.readNotices(c);
      else if (!counted && m.seq > (c.readSeq || 0)) c.unread += 1;
      this.acknowledgeDelivery();
    }
    this.changed('messages');
    this.changed('list');
  }

  receipt(cursor) {
    const c = this.conversations.get(cursor.conversationId);
    if (!c) return;
    c.cursors.set(cursor.userId, cursor);
    if (cursor.userId === this.me.id && cursor.readSeq >= c.lastSeq) {
      c.unread = 0; // read on another device
      this.changed('list');
    }
    this.changed('ticks');
  }

  typingEvent(data) {
    const c = this.conversations.get(data.conversationId);
    if (!c || data.userId === this.me.id) return;
    clearTimeout(c.typing.get(data.userId));
    if (data.typing) {
      c.typing.set(data.userId, setTimeout(() => {
        c.typing.delete(data.userId);
        this.changed('typing');
      }, TYPING_SHOWN_MS));
    } else {
      c.typing.delete(data.userId);
    }
    this.changed('typing');
  }

  async membershipEvent(data) {
    const id = data.conversationId ?? data.conversation?.id;
    if (data.action === 'kicked' && data.member === this.me.id) {
      this.conversations.delete(id);
      if (this.openId === id) this.openId = null;
      this.changed('all');
      return;
    }
    const c = await this.fetchConversation(id);
    if (c && c.lastSeq && !c.last) c.last = (await this.latest(c)) || null;
    this.changed('list');
    this.changed('members');
  }

  // --- names ----------------------------------------------------------------------------------------

  /**
   * Looks up, with users.get, the members of these conversations whose names the client does not know
   * yet (group members who are not friends), a page of maxPageSize ids at a time.
   */
  async learnNames(conversations) {
    const unknown = new Set();
    for (const c of conversations) {
      for (const m of c.members || []) if (m.userId !== 0 && !this.users.has(m.userId)) unknown.add(m.userId);
    }
    const ids = [...unknown];
    const page = this.limits.maxPageSize || 100;
    for (let i = 0; i < ids.length; i += page) {
      const result = await this.request('users.get', { ids: ids.slice(i, i + page) });
      for (const user of result.users) this.users.set(user.id, user);
    }
    if (ids.length) this.changed('members');
  }

  /** A user's display name, as far as the client knows it. */
  nameOf(userId) {
    if (userId === 0) return 'Parley';
    const user = this.users.get(userId);
    return user ? user.displayName || user.username : `User ${userId}`;
  }

  /** What a conversation is called in the list and its header. */
  titleOf(c) {
    if (c.type === 'notices') return 'Notices';
    if (c.type === 'group') return c.name || 'Group';
    const other = c.members.find((m) => m.userId !== this.me.id);
    return other ? this.nameOf(other.userId) : 'Just you';
  }

  otherMember(c) {
    return c.type === 'direct' ? c.members.find((m) => m.userId !== this.me.id) : undefined;
  }

  myRole(c) {
    return c.members.find((m) => m.userId === this.me.id)?.role;
  }
}

export { ProtocolError };
