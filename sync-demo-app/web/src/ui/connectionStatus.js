// The connection indicator: green "Live", amber "Connecting...", red "Offline" + Reconnect. It also
// carries data-connects (connections so far) and data-recovered (whether the last one recovered its
// session), for tests and the browser's inspector.

const LABELS = { live: "Live", connecting: "Connecting...", offline: "Offline" };

export function createConnectionStatus({ indicator, reconnectButton }, { onReconnect, signal }) {
  const label = indicator.querySelector(".connection-label");
  reconnectButton.addEventListener("click", () => onReconnect(), { signal });

  return {
    show(state) {
      if (indicator.dataset.state === state && label.textContent === LABELS[state]) return;
      indicator.dataset.state = state;
      label.textContent = LABELS[state];
      reconnectButton.hidden = state !== "offline";
    },
    /** A (re)connection, `recovered` or not. */
    connected(recovered) {
      indicator.dataset.connects = String(Number(indicator.dataset.connects ?? 0) + 1);
      indicator.dataset.recovered = String(recovered === true);
    },
  };
}
