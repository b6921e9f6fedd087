// Attachments over HTTP, as docs/protocol.md describes: uploads with the login token, downloads
// through the message that carries them. The bytes come back as blob: URLs, since an <img> or
// <audio> cannot send the Authorization header itself.

import { ProtocolError } from './connection.js';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const downloads = new Map(); // "attachmentId:messageId" -> Promise of a blob: URL

export class Attachments {
  constructor(path, token) {
    this.path = path;
    this.token = token;
  }

  /** The message kind for a picked or pasted file. */
  static kindOf(file) {
    return IMAGE_TYPES.includes(file.type) ? 'image' : 'file';
  }

  /** Uploads a blob; resolves with the server's attachment (`id`, `mimeType`, `size`). */
  async upload(blob, kind, type) {
    const response = await fetch(`${this.path}?kind=${encodeURIComponent(kind)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token()}`, 'Content-Type': type || blob.type || 'application/octet-stream' },
      body: blob,
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = body.error || {};
      throw new ProtocolError(error.code || 'internal', error.message || `upload failed (${response.status})`);
    }
    return body.attachment;
  }

  /** A blob: URL of a message's attachment, fetched once per page. */
  url(message) {
    const key = `${message.attachment.id}:${message.id}`;
    if (!downloads.has(key)) {
      const loading = fetch(`${this.path}/${encodeURIComponent(message.attachment.id)}?message=${message.id}`, {
        headers: { Authorization: `Bearer ${this.token()}` },
      }).then(async (response) => {
        if (!response.ok) throw new Error(`download failed (${response.status})`);
        return URL.createObjectURL(await response.blob());
      });
      loading.catch(() => downloads.delete(key));
      downloads.set(key, loading);
    }
    return downloads.get(key);
  }
}

/** An image's size in pixels, read by the browser before it goes up. */
export async function imageSize(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return {};
  }
}

/**
 * A voice recorder over MediaRecorder: `start()` asks for the microphone, `stop()` resolves with the
 * recording (`blob`, `type` without codec parameters, `durationMs`).
 */
export class VoiceRecorder {
  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const preferred = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'];
    const mimeType = preferred.find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : {});
    this.chunks = [];
    this.recorder.addEventListener('dataavailable', (e) => { if (e.data.size) this.chunks.push(e.data); });
    this.startedAt = performance.now();
    this.recorder.start();
  }

  get recording() {
    return this.recorder?.state === 'recording';
  }

  stop() {
    return new Promise((resolve) => {
      this.recorder.addEventListener('stop', () => {
        this.stream.getTracks().forEach((t) => t.stop());
        const type = (this.recorder.mimeType || 'audio/webm').split(';')[0];
        resolve({ blob: new Blob(this.chunks, { type }), type, durationMs: Math.round(performance.now() - this.startedAt) });
      }, { once: true });
      this.recorder.stop();
    });
  }
}
