// The connection indicator: green "Live", amber "Connecting...", red "Offline" + Reconnect.

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
  };
}
