// The small emoji picker beside the message box, and the quick reactions on a message.

import { h } from './dom.js';

export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'];

const EMOJI = ['😀', '😄', '😁', '😅', '😂', '🙂', '😉', '😊', '😍', '😘', '😎', '🤔', '😮', '😢', '😭', '😡',
  '👍', '👎', '👏', '🙌', '🙏', '💪', '👋', '🤝', '❤️', '💔', '🔥', '✨', '🎉', '🥳', '☕', '🍕', '🧗', '⛰️', '🌞',
  '🌧️', '✅', '❌', '❓', '💬'];

/** Fills the picker with buttons; `choose(emoji)` is called with the one picked. */
export function buildPicker(container, choose) {
  container.replaceChildren(...EMOJI.map((emoji) => h('button', {
    type: 'button', class: 'emoji', 'aria-label': `Insert ${emoji}`, text: emoji, on: { click: () => choose(emoji) },
  })));
}
