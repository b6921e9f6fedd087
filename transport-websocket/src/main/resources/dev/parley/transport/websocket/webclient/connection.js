// One WebSocket to the server, speaking docs/protocol.md: requests with ids and exactly one response
// each, events told apart by their shape, and reconnection with a growing pause when the socket drops.

/** A failed request: `code` is the protocol's error code, or `disconnected` when the socket went away. */
export class ProtocolError extends Error {
  constructor(code, message, retryAfterMs) {
    super(message);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

const MAX_PAUSE_MS = 5000;

export class Connection {
  /**
   * @param url       the ws:// or wss:// address of the chat endpoint
   * @param handlers  `onOpen()` (async; runs after every (re)connect, before requests queued meanwhile
   *                  count as online), `onEvent(name, data)`, `onStatus(status)` with `connecting`,
   *                  `online` or `offline`
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.nextId = 1;
    this.waiting = new Map();
    this.stopped = false;
    this.pause = 250;
    this.socket = null;
    this.online = false;
  }

  connect() {
    this.stopped = false;
    this.handlers.onStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', async () => {
      try {
        await this.handlers.onOpen();
        this.pause = 250;
        this.online = true;
        this.handlers.onStatus('online');
      } catch (error) {
        console.warn('could not resume the session', error);
        if (error.code === 'disconnected') return; // the close handler reconnects
        socket.close();
      }
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.online = false;
      for (const [, pending] of this.waiting) pending.reject(new ProtocolError('disconnected', 'the connection dropped'));
      this.waiting.clear();
      if (this.stopped) return;
      this.handlers.onStatus('offline');
      setTimeout(() => { if (!this.stopped) this.connect(); }, this.pause);
      this.pause = Math.min(MAX_PAUSE_MS, this.pause * 2);
    });
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      console.warn('unreadable frame from the server');
      return;
    }
    if (frame.event !== undefined) {
      this.handlers.onEvent(frame.event, frame.data || {});
      return;
    }
    const pending = this.waiting.get(frame.id);
    if (!pending) return;
    this.waiting.delete(frame.id);
    if (frame.ok) pending.resolve(frame.data || {});
    else pending.reject(new ProtocolError(frame.error.code, frame.error.message, frame.error.retryAfterMs));
  }

  /** Sends a request; resolves with the response's `data`, rejects with a ProtocolError. */
  request(op, data) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ProtocolError('disconnected', 'not connected'));
    }
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify(data === undefined ? { id, op } : { id, op, data }));
    });
  }

  /** Closes the socket for good. */
  stop() {
    this.stopped = true;
    this.online = false;
    if (this.socket) this.socket.close();
  }
}
