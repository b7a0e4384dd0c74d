// The composer: sends on Enter or the button; reports typing (throttled) and its end.
import { throttle } from "../util.js";

/** `typing_start` at most this often while the user types (the server times a start out after 6 s). */
const TYPING_REFRESH_MS = 2000;

export function createComposer({ form, input, sendButton }, { onSend, onTypingStart, onTypingStop, signal }) {
  let typing = false;
  const startTyping = throttle(() => {
    typing = true;
    onTypingStart();
  }, TYPING_REFRESH_MS);

  function stopTyping() {
    startTyping.reset();
    if (!typing) return;
    typing = false;
    onTypingStop();
  }

  input.addEventListener("input", () => {
    sendButton.disabled = !input.value.trim();
    if (input.value.trim()) startTyping();
    else stopTyping();
  }, { signal });
  input.addEventListener("blur", stopTyping, { signal });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    stopTyping();
    input.value = "";
    sendButton.disabled = true;
    onSend(text);
    input.focus();
  }, { signal });

  return {
    /** Shows the composer for a conversation (or hides it); ends typing in the one left. */
    show(visible) {
      stopTyping();
      form.hidden = !visible;
    },
    stopTyping,
  };
}
